package dev.ocpp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.JsonSchemaValidator;
import dev.ocpp.testkit.internal.VersionKit;
import dev.ocpp.testkit.schema.Message;
import dev.ocpp.testkit.schema.SchemaSamples;
import dev.ocpp.v16.Ocpp16Actions;
import dev.ocpp.v16.Ocpp16Validation;
import dev.ocpp.v201.Ocpp201Actions;
import dev.ocpp.v201.Ocpp201Validation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CSMS's default answers: one for every action a station may send, of both versions, each valid by the
 * version's response schema, with the values the documentation promises.
 */
class CsmsDefaultsTest {

    static final Instant NOW = Instant.parse("2026-11-21T10:00:00.123456Z");
    static final Clock CLOCK = Clock.fixed(NOW, java.time.ZoneOffset.UTC);

    // The tests run on the class path (see the pom), where the version modules' schema files can be read.
    static final SchemaSamples SAMPLES_16 = SchemaSamples.of(
            path -> Ocpp16Validation.class.getResourceAsStream("schema/" + path), messages16());
    static final SchemaSamples SAMPLES_201 = SchemaSamples.of(
            path -> Ocpp201Validation.class.getResourceAsStream("schema/" + path), messages201());

    /** Every action a station may send, of each version, straight from the action tables. */
    static Stream<Arguments> stationActions() {
        Stream<Arguments> v16 = Ocpp16Actions.all().stream().filter(a -> a.sentByChargePoint())
                .map(a -> Arguments.of(OcppVersion.OCPP16, a.name()));
        Stream<Arguments> v201 = Ocpp201Actions.all().stream().filter(a -> a.sentByChargingStation())
                .map(a -> Arguments.of(OcppVersion.OCPP201, a.name()));
        return Stream.concat(v16, v201);
    }

    @Test
    void theActionTablesListEveryStationInitiatedAction() {
        // 1.6: 9 core + 4 security + DataTransfer; 2.0.1: 24 + DataTransfer (both counted in the spec's tables).
        assertThat(stationActions().filter(a -> a.get()[0] == OcppVersion.OCPP16)).hasSize(14);
        assertThat(stationActions().filter(a -> a.get()[0] == OcppVersion.OCPP201)).hasSize(25);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("stationActions")
    void theDefaultAnswerToAValidRequestIsValidByTheResponseSchema(OcppVersion version, String action)
            throws Exception {
        SchemaSamples samples = samples(version);
        JsonSchemaValidator validator = validator(version);
        ObjectNode request = samples.typical(samples.request(action));
        assertThat(validator.validate(action, true, request)).as("the sample request").isEmpty();

        ObjectNode answer = defaults(version).answer(action, request, CLOCK);

        assertThat(validator.validate(action, false, answer)).as("%s answer %s", action, answer).isEmpty();
        Class<?> responseType = VersionKit.of(version).action(action).orElseThrow().responseType();
        assertThat(OcppJson.mapper().treeToValue(answer, responseType)).isInstanceOf(responseType);
    }

    @ParameterizedTest(name = "{0} {1}, fewest fields")
    @MethodSource("stationActions")
    void theDefaultAnswerToARequestWithOnlyItsRequiredFieldsIsValidToo(OcppVersion version, String action) {
        SchemaSamples samples = samples(version);
        Message m = samples.request(action);
        ObjectNode request = samples.typical(m);
        // The optional fields the defaults look at (idTag, idToken, certificate data) are gone.
        List<String> optional = new ArrayList<>();
        request.fieldNames().forEachRemaining(optional::add);
        optional.removeAll(samples.shape(m).required());
        request.remove(optional);
        assertThat(validator(version).validate(action, true, request)).as("the sample request").isEmpty();

        ObjectNode answer = defaults(version).answer(action, request, CLOCK);

        assertThat(validator(version).validate(action, false, answer)).as("%s answer %s", action, answer)
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(names = {"OCPP16", "OCPP201"})
    void bootNotificationIsAcceptedWithTheDocumentedIntervalAndTheClocksTimeToTheMillisecond(OcppVersion version) {
        ObjectNode answer = defaults(version).answer("BootNotification", request(version, "BootNotification"),
                CLOCK);

        assertThat(answer.get("status").asText()).isEqualTo("Accepted");
        assertThat(answer.get("interval").asInt()).isEqualTo(MockCsms.DEFAULT_HEARTBEAT_INTERVAL).isEqualTo(300);
        assertThat(Instant.parse(answer.get("currentTime").asText()))
                .isEqualTo(Instant.parse("2026-11-21T10:00:00.123Z"));
    }

    @ParameterizedTest
    @EnumSource(names = {"OCPP16", "OCPP201"})
    void heartbeatTellsTheClocksTime(OcppVersion version) {
        ObjectNode answer = defaults(version).answer("Heartbeat", request(version, "Heartbeat"), CLOCK);

        assertThat(Instant.parse(answer.get("currentTime").asText()))
                .isEqualTo(Instant.parse("2026-11-21T10:00:00.123Z"));
    }

    @ParameterizedTest
    @EnumSource(names = {"OCPP16", "OCPP201"})
    void authorizeAndDataTransferAreAccepted(OcppVersion version) {
        VersionKit.DefaultAnswers defaults = defaults(version);
        String info = version == OcppVersion.OCPP16 ? "idTagInfo" : "idTokenInfo";

        assertThat(defaults.answer("Authorize", request(version, "Authorize"), CLOCK).at("/" + info + "/status")
                .asText()).isEqualTo("Accepted");
        assertThat(defaults.answer("DataTransfer", request(version, "DataTransfer"), CLOCK).get("status").asText())
                .isEqualTo("Accepted");
        assertThat(defaults.answer("SignCertificate", request(version, "SignCertificate"), CLOCK).get("status")
                .asText()).isEqualTo("Accepted");
    }

    @Test
    void startTransactionGetsTransactionIdsCountingFromOneForEachCsms() {
        VersionKit.DefaultAnswers first = defaults(OcppVersion.OCPP16);
        ObjectNode start = request(OcppVersion.OCPP16, "StartTransaction");

        ObjectNode one = first.answer("StartTransaction", start, CLOCK);
        ObjectNode two = first.answer("StartTransaction", start, CLOCK);
        ObjectNode otherCsms = defaults(OcppVersion.OCPP16).answer("StartTransaction", start, CLOCK);

        assertThat(one.get("transactionId").asInt()).isEqualTo(1);
        assertThat(two.get("transactionId").asInt()).isEqualTo(2);
        assertThat(otherCsms.get("transactionId").asInt()).isEqualTo(1);
        assertThat(one.at("/idTagInfo/status").asText()).isEqualTo("Accepted");
    }

    @Test
    void stopTransactionAnswersTheIdTagItCarries() {
        VersionKit.DefaultAnswers defaults = defaults(OcppVersion.OCPP16);
        ObjectNode withTag = request(OcppVersion.OCPP16, "StopTransaction");
        ObjectNode withoutTag = withTag.deepCopy();
        withoutTag.remove("idTag");

        assertThat(defaults.answer("StopTransaction", withTag, CLOCK).at("/idTagInfo/status").asText())
                .isEqualTo("Accepted");
        assertThat(defaults.answer("StopTransaction", withoutTag, CLOCK)).isEmpty();
    }

    @Test
    void transactionEventAnswersTheIdTokenItCarries() {
        VersionKit.DefaultAnswers defaults = defaults(OcppVersion.OCPP201);
        ObjectNode withToken = request(OcppVersion.OCPP201, "TransactionEvent");
        ObjectNode withoutToken = withToken.deepCopy();
        withoutToken.remove("idToken");

        assertThat(defaults.answer("TransactionEvent", withToken, CLOCK).at("/idTokenInfo/status").asText())
                .isEqualTo("Accepted");
        assertThat(defaults.answer("TransactionEvent", withoutToken, CLOCK)).isEmpty();
    }

    @Test
    void authorizeAnswersTheCertificateStatusOnlyForACertificate() {
        VersionKit.DefaultAnswers defaults = defaults(OcppVersion.OCPP201);
        ObjectNode withCertificate = request(OcppVersion.OCPP201, "Authorize");
        ObjectNode tokenOnly = withCertificate.deepCopy();
        tokenOnly.remove(List.of("certificate", "iso15118CertificateHashData"));

        assertThat(defaults.answer("Authorize", withCertificate, CLOCK).get("certificateStatus").asText())
                .isEqualTo("Accepted");
        assertThat(defaults.answer("Authorize", tokenOnly, CLOCK).has("certificateStatus")).isFalse();
    }

    @Test
    void withoutAPkiTheCertificateServicesFail() {
        VersionKit.DefaultAnswers defaults = defaults(OcppVersion.OCPP201);

        assertThat(defaults.answer("Get15118EVCertificate", request(OcppVersion.OCPP201, "Get15118EVCertificate"),
                CLOCK).get("status").asText()).isEqualTo("Failed");
        assertThat(defaults.answer("GetCertificateStatus", request(OcppVersion.OCPP201, "GetCertificateStatus"),
                CLOCK).get("status").asText()).isEqualTo("Failed");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static VersionKit.DefaultAnswers defaults(OcppVersion version) {
        return VersionKit.of(version).defaults(Role.CSMS);
    }

    static ObjectNode request(OcppVersion version, String action) {
        SchemaSamples samples = samples(version);
        return samples.typical(samples.request(action));
    }

    static SchemaSamples samples(OcppVersion version) {
        return version == OcppVersion.OCPP16 ? SAMPLES_16 : SAMPLES_201;
    }

    static JsonSchemaValidator validator(OcppVersion version) {
        return version == OcppVersion.OCPP16 ? Ocpp16Validation.validator() : Ocpp201Validation.validator();
    }

    static List<Message> messages16() {
        List<Message> out = new ArrayList<>();
        Ocpp16Actions.all().forEach(a -> {
            out.add(Message.request(a.name(), a.requestType()));
            out.add(Message.response(a.name(), a.responseType()));
        });
        return out;
    }

    static List<Message> messages201() {
        List<Message> out = new ArrayList<>();
        Ocpp201Actions.all().forEach(a -> {
            out.add(Message.request(a.name(), a.requestType()));
            out.add(Message.response(a.name(), a.responseType()));
        });
        return out;
    }
}
