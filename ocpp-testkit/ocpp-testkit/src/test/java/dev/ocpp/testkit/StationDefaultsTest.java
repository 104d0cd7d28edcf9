package dev.ocpp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.testkit.internal.VersionKit;
import dev.ocpp.testkit.schema.Message;
import dev.ocpp.testkit.schema.SchemaSamples;
import dev.ocpp.v16.Ocpp16Validation;
import dev.ocpp.v201.Ocpp201Validation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The default answer of a simulated station to every CSMS-initiated action of both versions, for a valid request of
 * that action, is valid by the version's response schema. The actions come from the version's action table, so an
 * action without a default answer fails here. The requests are the typical samples of the schema files
 * (ocpp-testkit-schema, test scope), plus hand-written ones where the answer depends on the request.
 */
class StationDefaultsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Map<OcppVersion, SchemaSamples> SAMPLES = new ConcurrentHashMap<>();
    private static final List<FileSystem> JARS = new ArrayList<>();

    @AfterAll
    static void closeJars() throws IOException {
        synchronized (JARS) {
            for (FileSystem fs : JARS) {
                fs.close();
            }
            JARS.clear();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCsmsInitiatedActionOf16HasASchemaValidDefaultAnswer() {
        return dynamicTests(OcppVersion.OCPP16);
    }

    @TestFactory
    Stream<DynamicTest> everyCsmsInitiatedActionOf201HasASchemaValidDefaultAnswer() {
        return dynamicTests(OcppVersion.OCPP201);
    }

    @Test
    void theActionTablesHaveTheCsmsInitiatedActionsTheSpecificationsList() {
        // 1.6: 18 Central System actions + 7 of the security extension + DataTransfer; 2.0.1: 39 + DataTransfer.
        assertThat(csmsInitiated(OcppVersion.OCPP16)).hasSize(26);
        assertThat(csmsInitiated(OcppVersion.OCPP201)).hasSize(40);
    }

    @Test
    void getConfigurationReportsKnownKeysAndListsUnknownOnes() {
        ObjectNode request = json("{\"key\":[\"HeartbeatInterval\",\"NoSuchKey\"]}");
        ObjectNode answer = answerValid(OcppVersion.OCPP16, "GetConfiguration", request);
        assertThat(answer.path("configurationKey")).hasSize(1);
        assertThat(answer.path("configurationKey").get(0).path("key").asText()).isEqualTo("HeartbeatInterval");
        assertThat(answer.path("configurationKey").get(0).path("value").asText()).isEqualTo("60");
        assertThat(answer.path("unknownKey").get(0).asText()).isEqualTo("NoSuchKey");

        ObjectNode all = answerValid(OcppVersion.OCPP16, "GetConfiguration", json("{}"));
        assertThat(all.path("configurationKey").size()).isGreaterThan(10);
        assertThat(all.has("unknownKey")).isFalse();
    }

    @Test
    void getVariablesMirrorsTheRequestWithValuesForKnownVariables() {
        ObjectNode request = json("{\"getVariableData\":["
                + "{\"component\":{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"HeartbeatInterval\"}},"
                + "{\"component\":{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"NoSuchVariable\"}},"
                + "{\"component\":{\"name\":\"NoSuchComponent\",\"instance\":\"x\"},\"variable\":{\"name\":\"V\"},"
                + "\"attributeType\":\"Actual\"}]}");
        ObjectNode answer = answerValid(OcppVersion.OCPP201, "GetVariables", request);
        JsonNode results = answer.path("getVariableResult");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).path("attributeStatus").asText()).isEqualTo("Accepted");
        assertThat(results.get(0).path("attributeValue").asText()).isEqualTo("60");
        assertThat(results.get(0).path("variable").path("name").asText()).isEqualTo("HeartbeatInterval");
        assertThat(results.get(1).path("attributeStatus").asText()).isEqualTo("UnknownVariable");
        assertThat(results.get(1).has("attributeValue")).isFalse();
        assertThat(results.get(2).path("attributeStatus").asText()).isEqualTo("UnknownComponent");
        assertThat(results.get(2).path("component")).isEqualTo(request.at("/getVariableData/2/component"));
        assertThat(results.get(2).path("attributeType").asText()).isEqualTo("Actual");
    }

    @Test
    void setVariablesWritesTheDeviceModelMirroringTheRequest() {
        ObjectNode request = json("{\"setVariableData\":["
                + "{\"attributeValue\":\"30\",\"component\":{\"name\":\"OCPPCommCtrlr\"},"
                + "\"variable\":{\"name\":\"HeartbeatInterval\"}},"
                + "{\"attributeType\":\"Target\",\"attributeValue\":\"x\",\"component\":{\"name\":\"C\",\"evse\":{\"id\":1}},"
                + "\"variable\":{\"name\":\"V\",\"instance\":\"i\"}},"
                + "{\"attributeValue\":\"x\",\"component\":{\"name\":\"ChargingStation\"},"
                + "\"variable\":{\"name\":\"Model\"}}]}");
        ObjectNode answer = answerValid(OcppVersion.OCPP201, "SetVariables", request);
        JsonNode results = answer.path("setVariableResult");
        assertThat(results).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(results.get(i).path("component")).isEqualTo(request.at("/setVariableData/" + i + "/component"));
            assertThat(results.get(i).path("variable")).isEqualTo(request.at("/setVariableData/" + i + "/variable"));
        }
        assertThat(results).extracting(r -> r.path("attributeStatus").asText())
                .containsExactly("Accepted", "UnknownComponent", "Rejected");
        assertThat(results.get(1).path("attributeType").asText()).isEqualTo("Target");
        assertThat(results.get(2).at("/attributeStatusInfo/reasonCode").asText()).isEqualTo("ReadOnly");
    }

    @Test
    void actionsWithAStatusAreAcceptedAndUnlockConnectorUnlocks() {
        assertThat(answerValid(OcppVersion.OCPP16, "Reset", json("{\"type\":\"Soft\"}")).path("status").asText())
                .isEqualTo("Accepted");
        assertThat(answerValid(OcppVersion.OCPP201, "Reset", json("{\"type\":\"Immediate\"}")).path("status")
                .asText()).isEqualTo("Accepted");
        assertThat(answerValid(OcppVersion.OCPP16, "UnlockConnector", json("{\"connectorId\":1}")).path("status")
                .asText()).isEqualTo("Unlocked");
        assertThat(answerValid(OcppVersion.OCPP201, "UnlockConnector", json("{\"evseId\":1,\"connectorId\":1}"))
                .path("status").asText()).isEqualTo("Unlocked");
        assertThat(answerValid(OcppVersion.OCPP16, "GetLocalListVersion", json("{}")).path("listVersion").asInt())
                .isZero();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Stream<DynamicTest> dynamicTests(OcppVersion version) {
        SchemaSamples samples = samples(version);
        return csmsInitiated(version).stream().map(action -> DynamicTest.dynamicTest(action, () -> {
            ObjectNode request = samples.typical(samples.request(action));
            assertThat(kit(version).validator().validate(action, true, request))
                    .as("the sample request of %s is valid", action).isEmpty();
            answerValid(version, action, request);
        }));
    }

    private static List<String> csmsInitiated(OcppVersion version) {
        return kit(version).actions().stream().filter(a -> a.sentBy(Role.CSMS)).map(VersionKit.ActionInfo::name)
                .toList();
    }

    private static VersionKit kit(OcppVersion version) {
        return VersionKit.of(version);
    }

    private static ObjectNode answerValid(OcppVersion version, String action, ObjectNode request) {
        ObjectNode answer = kit(version).defaultAnswer(Role.STATION, action, request, CLOCK);
        assertThat(kit(version).validator().validate(action, false, answer))
                .as("the default answer to %s: %s", action, answer).isEmpty();
        return answer;
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) OcppJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SchemaSamples samples(OcppVersion version) {
        return SAMPLES.computeIfAbsent(version, v -> {
            Class<?> anchor = v == OcppVersion.OCPP16 ? Ocpp16Validation.class : Ocpp201Validation.class;
            List<Message> messages = new ArrayList<>();
            for (VersionKit.ActionInfo a : kit(v).actions()) {
                messages.add(Message.request(a.name(), a.requestType()));
                messages.add(Message.response(a.name(), a.responseType()));
            }
            Path root = schemaRoot(anchor);
            return SchemaSamples.of(path -> open(root.resolve(path)), messages);
        });
    }

    private static InputStream open(Path file) {
        try {
            return Files.exists(file) ? Files.newInputStream(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The schema folder of the version module that holds {@code anchor}, read as files: the module does not open its
     * resource package, so {@code getResourceAsStream} from this module would find nothing.
     */
    private static Path schemaRoot(Class<?> anchor) {
        try {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            String folder = anchor.getPackageName().replace('.', '/') + "/schema";
            if (Files.isDirectory(location)) {
                return location.resolve(folder);
            }
            FileSystem jar = FileSystems.newFileSystem(location);
            synchronized (JARS) {
                JARS.add(jar);
            }
            return jar.getPath(folder);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot find the schemas of " + anchor, e);
        }
    }
}
