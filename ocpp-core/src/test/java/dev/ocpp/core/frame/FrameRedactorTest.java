package dev.ocpp.core.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Each masking rule on real frames of OCPP 1.6 and 2.0.1. */
class FrameRedactorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FrameRedactor R = FrameRedactor.defaults();

    private static JsonNode tree(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** Redacts {@code frame} and checks the result is JSON of the same shape without {@code secret}. */
    private static String redacted(String frame, String secret) throws Exception {
        String out = R.redact(frame);
        assertThat(out).doesNotContain(secret);
        assertThat(tree(out).size()).isEqualTo(tree(frame).size());
        return out;
    }

    @Test
    void masksIdTagOfAuthorize16() throws Exception {
        String out = redacted("[2,\"1\",\"Authorize\",{\"idTag\":\"DEADBEEF01\"}]", "DEADBEEF01");
        assertThat(tree(out).get(3).get("idTag").textValue()).isEqualTo("***");
    }

    @Test
    void masksIdTagAndParentIdTagInStartTransactionAndReplies16() throws Exception {
        redacted("[2,\"2\",\"StartTransaction\",{\"connectorId\":1,\"idTag\":\"TAG-1234\",\"meterStart\":0,"
                + "\"timestamp\":\"2026-01-01T00:00:00Z\"}]", "TAG-1234");
        String out = redacted("[3,\"2\",{\"idTagInfo\":{\"status\":\"Accepted\",\"parentIdTag\":\"PARENT-77\"},"
                + "\"transactionId\":5}]", "PARENT-77");
        assertThat(tree(out).get(2).get("idTagInfo").get("status").textValue()).isEqualTo("Accepted");
        assertThat(tree(out).get(2).get("transactionId").intValue()).isEqualTo(5);
    }

    @Test
    void collapsesLocalAuthorizationListOfSendLocalList() throws Exception {
        String out = redacted("[2,\"3\",\"SendLocalList\",{\"listVersion\":2,\"updateType\":\"Full\","
                + "\"localAuthorizationList\":[{\"idTag\":\"LOCAL-1\",\"idTagInfo\":{\"status\":\"Accepted\"}}]}]",
                "LOCAL-1");
        assertThat(tree(out).get(3).get("localAuthorizationList").textValue()).isEqualTo("***");
        assertThat(tree(out).get(3).get("listVersion").intValue()).isEqualTo(2);
    }

    @Test
    void masksAuthorizationKeyInChangeConfigurationButNotOtherKeys() throws Exception {
        String out = redacted("[2,\"4\",\"ChangeConfiguration\",{\"key\":\"AuthorizationKey\","
                + "\"value\":\"0123456789abcdef0123456789abcdef\"}]", "0123456789abcdef0123456789abcdef");
        assertThat(tree(out).get(3).get("key").textValue()).isEqualTo("AuthorizationKey");
        String plain = "[2,\"5\",\"ChangeConfiguration\",{\"key\":\"HeartbeatInterval\",\"value\":\"300\"}]";
        assertThat(R.redact(plain)).isSameAs(plain);
    }

    @Test
    void masksAuthorizationKeyInGetConfigurationResult() throws Exception {
        String out = redacted("[3,\"6\",{\"configurationKey\":[{\"key\":\"HeartbeatInterval\",\"readonly\":false,"
                + "\"value\":\"300\"},{\"key\":\"AuthorizationKey\",\"readonly\":false,\"value\":\"SECRETHEX99\"}]}]",
                "SECRETHEX99");
        assertThat(tree(out).get(2).get("configurationKey").get(0).get("value").textValue()).isEqualTo("300");
    }

    @Test
    void masksCertificatesAndSigningRequestsOfTheSecurityExtension16() throws Exception {
        redacted("[2,\"7\",\"CertificateSigned\",{\"certificateChain\":\"-----BEGIN CERTIFICATE-----MIIB\"}]",
                "MIIB");
        redacted("[2,\"8\",\"SignCertificate\",{\"csr\":\"-----BEGIN CERTIFICATE REQUEST-----MIIC\"}]", "MIIC");
        redacted("[2,\"9\",\"InstallCertificate\",{\"certificateType\":\"CentralSystemRootCertificate\","
                + "\"certificate\":\"PEMDATA\"}]", "PEMDATA");
        redacted("[2,\"10\",\"SignedUpdateFirmware\",{\"requestId\":1,\"firmware\":{\"location\":\"https://x/f\","
                + "\"retrieveDateTime\":\"2026-01-01T00:00:00Z\",\"signingCertificate\":\"SIGNCERT\","
                + "\"signature\":\"c2ln\"}}]", "SIGNCERT");
    }

    @Test
    void masksIdTokenTextButKeepsItsType201() throws Exception {
        String out = redacted("[2,\"a\",\"Authorize\",{\"idToken\":{\"idToken\":\"04E1A2B3\",\"type\":\"ISO14443\","
                + "\"additionalInfo\":[{\"additionalIdToken\":\"EXTRA-9\",\"type\":\"x\"}]}}]", "04E1A2B3");
        JsonNode token = tree(out).get(3).get("idToken");
        assertThat(token.get("idToken").textValue()).isEqualTo("***");
        assertThat(token.get("type").textValue()).isEqualTo("ISO14443");
        assertThat(out).doesNotContain("EXTRA-9");
    }

    @Test
    void masksGroupIdTokenAndPersonalMessage201() throws Exception {
        String out = redacted("[3,\"a\",{\"idTokenInfo\":{\"status\":\"Accepted\",\"groupIdToken\":{\"idToken\":"
                + "\"GROUP-5\",\"type\":\"Central\"},\"personalMessage\":{\"format\":\"UTF8\",\"content\":"
                + "\"Hello Alice, 12 EUR left\"}}}]", "GROUP-5");
        assertThat(out).doesNotContain("Alice");
        assertThat(tree(out).get(2).get("idTokenInfo").get("status").textValue()).isEqualTo("Accepted");
    }

    @Test
    void masksIdTokenInTransactionEventAndRequestStartTransaction201() throws Exception {
        redacted("[2,\"b\",\"TransactionEvent\",{\"eventType\":\"Started\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"triggerReason\":\"Authorized\",\"seqNo\":0,\"transactionInfo\":{\"transactionId\":\"t1\"},"
                + "\"idToken\":{\"idToken\":\"TOKEN-TX\",\"type\":\"ISO14443\"}}]", "TOKEN-TX");
        redacted("[2,\"c\",\"RequestStartTransaction\",{\"remoteStartId\":1,\"idToken\":{\"idToken\":\"RS-1\","
                + "\"type\":\"Central\"},\"groupIdToken\":{\"idToken\":\"RS-GROUP\",\"type\":\"Central\"}}]", "RS-");
    }

    @Test
    void masksBasicAuthPasswordInSetVariablesAndGetVariablesResult201() throws Exception {
        String out = redacted("[2,\"d\",\"SetVariables\",{\"setVariableData\":[{\"attributeValue\":"
                + "\"NEWPASSWORD_123456\",\"component\":{\"name\":\"SecurityCtrlr\"},\"variable\":{\"name\":"
                + "\"BasicAuthPassword\"}},{\"attributeValue\":\"60\",\"component\":{\"name\":\"OCPPCommCtrlr\"},"
                + "\"variable\":{\"name\":\"HeartbeatInterval\"}}]}]", "NEWPASSWORD_123456");
        assertThat(tree(out).get(3).get("setVariableData").get(1).get("attributeValue").textValue())
                .isEqualTo("60");
        redacted("[3,\"e\",{\"getVariableResult\":[{\"attributeStatus\":\"Accepted\",\"attributeValue\":"
                + "\"OLDPASSWORD_123456\",\"component\":{\"name\":\"SecurityCtrlr\"},\"variable\":{\"name\":"
                + "\"BasicAuthPassword\"}}]}]", "OLDPASSWORD_123456");
    }

    @Test
    void masksBasicAuthPasswordInNotifyReport201() throws Exception {
        redacted("[2,\"f\",\"NotifyReport\",{\"requestId\":1,\"generatedAt\":\"2026-01-01T00:00:00Z\",\"seqNo\":0,"
                + "\"reportData\":[{\"component\":{\"name\":\"SecurityCtrlr\"},\"variable\":{\"name\":"
                + "\"BasicAuthPassword\"},\"variableAttribute\":[{\"type\":\"Actual\",\"value\":"
                + "\"REPORTED_PW_1\"}]}]}]",
                "REPORTED_PW_1");
    }

    @Test
    void masksApnAndVpnSecretsOfSetNetworkProfile201() throws Exception {
        String out = redacted("[2,\"g\",\"SetNetworkProfile\",{\"configurationSlot\":1,\"connectionData\":{"
                + "\"ocppVersion\":\"OCPP20\",\"ocppTransport\":\"JSON\",\"ocppCsmsUrl\":\"wss://csms/\","
                + "\"messageTimeout\":30,\"securityProfile\":2,\"ocppInterface\":\"Wireless0\","
                + "\"apn\":{\"apn\":\"internet\",\"apnUserName\":\"u\",\"apnPassword\":\"APN-SECRET\",\"simPin\":1234,"
                + "\"apnAuthentication\":\"AUTO\"},\"vpn\":{\"server\":\"vpn\",\"user\":\"u\",\"password\":"
                + "\"VPN-SECRET\",\"key\":\"VPN-KEY\",\"type\":\"IPSec\"}}}]", "SECRET");
        assertThat(out).doesNotContain("VPN-KEY").doesNotContain("1234");
        assertThat(tree(out).get(3).get("connectionData").get("ocppCsmsUrl").textValue()).isEqualTo("wss://csms/");
    }

    @Test
    void masksCertificatesCsrAndExiOf201() throws Exception {
        redacted("[2,\"h\",\"Get15118EVCertificate\",{\"iso15118SchemaVersion\":\"urn:iso:15118:2:2013:MsgDef\","
                + "\"action\":\"Install\",\"exiRequest\":\"EXIREQ\"}]", "EXIREQ");
        redacted("[3,\"h\",{\"status\":\"Accepted\",\"exiResponse\":\"EXIRESP\"}]", "EXIRESP");
        redacted("[2,\"i\",\"Authorize\",{\"idToken\":{\"idToken\":\"X1\",\"type\":\"eMAID\"},"
                + "\"certificate\":\"EVCERT\"}]", "EVCERT");
        redacted("[2,\"j\",\"SignCertificate\",{\"csr\":\"CSRDATA\"}]", "CSRDATA");
    }

    @Test
    void masksCustomerDataOfCustomerInformation201() throws Exception {
        String out = redacted("[2,\"k\",\"CustomerInformation\",{\"requestId\":3,\"report\":true,\"clear\":false,"
                + "\"customerIdentifier\":\"CUST-42\",\"idToken\":{\"idToken\":\"CUST-TOKEN\",\"type\":\"Central\"},"
                + "\"customerCertificate\":{\"hashAlgorithm\":\"SHA256\",\"issuerNameHash\":\"CUSTHASH\","
                + "\"issuerKeyHash\":\"k\",\"serialNumber\":\"s\"}}]", "CUST");
        assertThat(tree(out).get(3).get("customerCertificate").textValue()).isEqualTo("***");
        redacted("[2,\"l\",\"NotifyCustomerInformation\",{\"data\":\"Alice, 3 sessions\",\"seqNo\":0,"
                + "\"generatedAt\":\"2026-01-01T00:00:00Z\",\"requestId\":3}]", "Alice");
    }

    @Test
    void leavesDataOfOtherActionsAlone() {
        String frame = "[2,\"m\",\"DataTransfer\",{\"vendorId\":\"v\",\"data\":\"hello\"}]";
        assertThat(R.redact(frame)).isEqualTo(frame);
    }

    @Test
    void returnsTheSameTextWithoutParsingWhenNothingIsSecret() {
        String frame = "[2,\"n\",\"Heartbeat\",{}]";
        assertThat(R.redact(frame)).isSameAs(frame);
    }

    @Test
    void keepsNumbersAsWrittenWhenItRewritesAFrame() throws Exception {
        String out = R.redact("[2,\"o\",\"MeterValues\",{\"v\":1.50,\"big\":123456789012345678901234567890,"
                + "\"idTag\":\"T\"}]");
        assertThat(out).contains("1.50").contains("123456789012345678901234567890").doesNotContain("\"T\"");
    }

    @Test
    void masksSecretsInTextThatIsNotJson() {
        String broken = "[2,\"p\",\"Authorize\",{\"idTag\" : \"BROKEN-TAG\"";
        assertThat(R.redact(broken)).doesNotContain("BROKEN-TAG").startsWith("[2,\"p\",\"Authorize\"");
        String unterminated = "[2,\"q\",\"Authorize\",{\"idTag\":\"UNTERMIN";
        assertThat(R.redact(unterminated)).doesNotContain("UNTERMIN");
    }

    @Test
    void findsFieldNamesWrittenWithEscapes() {
        String frame = "[2,\"r\",\"Authorize\",{\"id\\u0054ag\":\"ESCAPED-TAG\"}]";
        assertThat(R.redact(frame)).doesNotContain("ESCAPED-TAG");
    }

    @Test
    void noneShowsEverything() {
        String frame = "[2,\"s\",\"Authorize\",{\"idTag\":\"VISIBLE\"}]";
        assertThat(FrameRedactor.none().redact(frame)).isSameAs(frame);
        assertThat(FrameRedactor.of(true).isEnabled()).isFalse();
        assertThat(FrameRedactor.of(false)).isSameAs(FrameRedactor.defaults());
    }

    @Test
    void forLogRedactsThenEscapesAndCuts() {
        String frame = "[2,\"t\",\"Authorize\",{\"idTag\":\"SECRET\",\"x\":\"" + "y".repeat(500) + "\n\"}]";
        String line = R.forLog(frame, 100);
        assertThat(line).doesNotContain("SECRET").doesNotContain("\n").contains("more)");
        assertThat(line.length()).isLessThan(130);
    }
}
