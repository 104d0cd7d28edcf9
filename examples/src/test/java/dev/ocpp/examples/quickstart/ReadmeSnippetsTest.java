package dev.ocpp.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.TransactionEventRequest;
import dev.ocpp.v201.messages.TransactionEventResponse;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root README's smallest CSMS and station of each version: each code block is exactly the marked region of its
 * class in this package (so the README compiles because the class does), at most 15 lines, and the classes run:
 * each version's smallest station gets Accepted by that version's smallest CSMS over real WebSockets on 127.0.0.1.
 */
class ReadmeSnippetsTest {

    private static final int MAX_LINES = 15;
    private static final List<String> CLASSES =
            List.of("SmallestCsms16", "SmallestStation16", "SmallestCsms201", "SmallestStation201",
                    "DurableStation201");
    private static final Pattern README_BLOCK =
            Pattern.compile("<!-- snippet: (\\w+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Path SOURCES = Path.of("src/main/java/dev/ocpp/examples/quickstart");

    @Test
    void eachReadmeBlockIsTheMarkedRegionOfItsClassAndAtMostFifteenLines() throws IOException {
        Map<String, String> blocks = readmeBlocks();

        assertThat(blocks.keySet()).containsExactlyInAnyOrderElementsOf(CLASSES);
        for (String name : CLASSES) {
            String region = region(name);
            assertThat(blocks.get(name)).as("README block of %s", name).isEqualTo(region);
            assertThat(region.split("\n")).as("lines of %s", name).hasSizeLessThanOrEqualTo(MAX_LINES);
        }
    }

    @Test
    void theReadmeStillHasExactlyTwoSetUpCommands() throws IOException {
        String readme = Files.readString(readme(), StandardCharsets.UTF_8);
        String setUp = readme.substring(readme.indexOf("## Set-up"), readme.indexOf("### What the test run checks"));
        Matcher commands = Pattern.compile("```\\n(.*?)\\n```", Pattern.DOTALL).matcher(setUp);
        List<String> found = new ArrayList<>();
        while (commands.find()) {
            found.add(commands.group(1));
        }
        assertThat(found).containsExactly(
                "mvn -B -q package -DskipTests && java -jar examples/target/ocpp-examples.jar demo", "mvn -B verify");
    }

    @Test
    void theSmallest16ChargePointIsAcceptedByTheSmallest16CentralSystem() throws Exception {
        try (Ocpp16CentralSystem csms = SmallestCsms16.start(0)) {
            SmallestStation16.Started station = SmallestStation16.start(csms.port());
            try {
                station.chargePoint().runtime().orElseThrow().accepted().get(10, TimeUnit.SECONDS);
                assertThat(station.chargePoint().runtime().orElseThrow().registrationStatus())
                        .hasValue(dev.ocpp.core.RegistrationStatus.ACCEPTED);
                assertThat(csms.chargePoint("CP001")).isPresent();
            } finally {
                station.session().close();
                station.transport().close();
            }
        }
    }

    @Test
    void theSmallest201StationIsAcceptedByTheSmallest201Csms() throws Exception {
        try (Ocpp201Csms csms = SmallestCsms201.start(0)) {
            SmallestStation201.Started station = SmallestStation201.start(csms.port());
            try {
                station.station().runtime().orElseThrow().accepted().get(10, TimeUnit.SECONDS);
                assertThat(station.station().runtime().orElseThrow().registrationStatus())
                        .hasValue(dev.ocpp.core.RegistrationStatus.ACCEPTED);
                assertThat(csms.chargingStation("CS001")).isPresent();
            } finally {
                station.session().close();
                station.transport().close();
            }
        }
    }

    @Test
    void theDurableStationsTransactionEventIsStoredAndDeliveredNumbered(@TempDir Path dir) throws Exception {
        java.util.concurrent.CompletableFuture<TransactionEventRequest> received =
                new java.util.concurrent.CompletableFuture<>();
        try (Ocpp201Csms csms = Ocpp201Csms.builder(new dev.ocpp.transport.tyrus.TyrusServerTransport())
                .host("127.0.0.1").port(0).path("/ocpp")
                .on(BootNotificationRequest.class, b -> new BootNotificationResponse()
                        .withStatus(RegistrationStatusEnum.ACCEPTED)
                        .withCurrentTime(java.time.OffsetDateTime.now()).withInterval(300))
                .on(TransactionEventRequest.class, e -> {
                    received.complete(e);
                    return new TransactionEventResponse();
                })
                .build().start()) {
            DurableStation201.Started station = DurableStation201.start(csms.port(), dir);
            var queue = station.station().delivery().orElseThrow();
            try {
                // Not the replay pause a reconnect would take, if the event was queued before the connection.
                queue.replayPacing(java.time.Duration.ZERO, java.time.Duration.ZERO);
                station.answered().get(30, TimeUnit.SECONDS);
                assertThat(received.join().getSeqNo()).isZero();
                assertThat(received.join().getTransactionInfo().getTransactionId()).isEqualTo("TX-0001");
                assertThat(queue.depth()).isZero();
            } finally {
                station.session().close();
                station.transport().close();
                queue.store().close();
            }
        }
    }

    private static Map<String, String> readmeBlocks() throws IOException {
        Matcher m = README_BLOCK.matcher(Files.readString(readme(), StandardCharsets.UTF_8));
        Map<String, String> blocks = new LinkedHashMap<>();
        while (m.find()) {
            assertThat(blocks.put(m.group(1), m.group(2))).as("a second block for %s", m.group(1)).isNull();
        }
        return blocks;
    }

    /** The lines between the class's tag::snippet and end::snippet markers, without their common indentation. */
    private static String region(String className) throws IOException {
        List<String> lines = Files.readAllLines(SOURCES.resolve(className + ".java"), StandardCharsets.UTF_8);
        int from = indexOf(lines, "// tag::snippet[]", className);
        int to = indexOf(lines, "// end::snippet[]", className);
        List<String> body = lines.subList(from + 1, to);
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    private static int indexOf(List<String> lines, String marker, String className) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(className + " has no " + marker);
    }

    /** The root README: the tests run in the examples module's directory. */
    private static Path readme() {
        Path root = Path.of("..", "README.md");
        return Files.exists(root) ? root : Path.of("README.md");
    }
}
