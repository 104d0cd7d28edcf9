package dev.ocpp.testkit;

import static dev.ocpp.core.FrameListener.Direction.IN;
import static dev.ocpp.core.FrameListener.Direction.OUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.OcppVersion;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exchanges render as a Mermaid sequence diagram that no payload can break and no journal can make huge. */
class SequenceDiagramTest {

    private static final OcppVersion V16 = OcppVersion.OCPP16;

    private final Journal journal = new Journal(Role.CSMS, new VirtualClock(Instant.EPOCH).clock(), 1_000);

    @Test
    void aSmallJournalRendersExactly() {
        journal.record("CS-1", V16, IN, "[2,\"1\",\"BootNotification\",{\"chargePointVendor\":\"V\","
                + "\"chargePointModel\":\"M\"}]");
        journal.record("CS-1", V16, OUT, "[3,\"1\",{\"status\":\"Accepted\",\"currentTime\":"
                + "\"2025-01-01T00:00:00Z\",\"interval\":300}]");
        journal.record("CS-1", V16, OUT, "[2,\"c1\",\"Reset\",{\"type\":\"Soft\"}]");
        journal.record("CS-1", V16, IN, "[4,\"c1\",\"NotSupported\",\"no reset\",{}]");
        journal.record("CS-2", V16, IN, "[2,\"1\",\"Heartbeat\",{}]");

        assertThat(SequenceDiagram.of(journal)).isEqualTo("""
                sequenceDiagram
                    participant CSMS
                    participant S1 as CS-1
                    participant S2 as CS-2
                    S1->>CSMS: [0] BootNotification {"chargePointVendor":"V","chargePointModel":"M"}
                    CSMS-->>S1: [0] {"status":"Accepted","currentTime":"2025-01-01T00:00:00Z"...
                    CSMS->>S1: [1] Reset {"type":"Soft"}
                    S1--xCSMS: [1] CALLERROR NotSupported no reset
                    S2->>CSMS: [2] Heartbeat {}
                    Note over S2,CSMS: [2] no answer
                """);
    }

    @Test
    void mermaidSyntaxInWireTextIsEscaped() {
        journal.record("CS;1#x", V16, IN, "[2,\"1\",\"DataTransfer\",{\"vendorId\":\"a;b#c%%d<br>\"}]");
        journal.record("CS;1#x", V16, OUT, "[4,\"1\",\"GenericError\",\"first line\\nsecond; line\",{}]");

        String diagram = SequenceDiagram.of(journal);

        assertThat(diagram).isEqualTo("""
                sequenceDiagram
                    participant CSMS
                    participant S1 as CS#59;1#35;x
                    S1->>CSMS: [0] DataTransfer {"vendorId":"a#59;b#35;c#37;#37;d#60;br#62;"}
                    CSMS--xS1: [0] CALLERROR GenericError first line second#59; line
                """);
        // Outside entity codes, no text (after the arrow's colon) carries a character that ends a statement, starts
        // a comment or is HTML.
        assertThat(diagram.lines()).allSatisfy(line -> assertThat(line.substring(line.indexOf(':') + 1)
                .replaceAll("#\\d+;", "")).doesNotContain(";", "#", "%", "<", ">"));
    }

    @Test
    void onlyTheLast50ExchangesAreDrawnAndTheDiagramSaysSo() {
        for (int i = 0; i < 55; i++) {
            journal.record("CS-1", V16, IN, "[2,\"m" + i + "\",\"Heartbeat\",{}]");
            journal.record("CS-1", V16, OUT, "[3,\"m" + i + "\",{}]");
        }

        List<String> lines = SequenceDiagram.of(journal).lines().toList();

        assertThat(lines.get(3)).isEqualTo("    Note over CSMS: 5 earlier exchanges not shown (last 50 only)");
        assertThat(lines.get(4)).isEqualTo("    S1->>CSMS: [5] Heartbeat {}");
        assertThat(lines).hasSize(3 + 1 + 50 * 2).last().isEqualTo("    CSMS-->>S1: [54] {}");
    }

    @Test
    void longPayloadsAreCut() {
        String big = "x".repeat(5_000);
        journal.record("CS-1", V16, IN, "[2,\"1\",\"DataTransfer\",{\"vendorId\":\"V\",\"data\":\"" + big + "\"}]");

        String call = SequenceDiagram.of(journal).lines().filter(l -> l.contains("->>")).findFirst().orElseThrow();

        assertThat(call).endsWith("...").hasSizeLessThan(120);
    }

    @Test
    void anEmptyJournalSaysSo() {
        assertThat(SequenceDiagram.of(List.of())).isEqualTo("""
                sequenceDiagram
                    participant CSMS
                    Note over CSMS: no exchanges recorded
                """);
    }
}
