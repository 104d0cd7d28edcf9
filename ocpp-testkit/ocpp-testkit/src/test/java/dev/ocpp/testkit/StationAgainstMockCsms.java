package dev.ocpp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.typed.OcppJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * A bare {@link SimulatedStation} booted against a {@link MockCsms} in memory (which validates every CALL it
 * receives) on one {@link VirtualClock}, for the tests of what the station answers and sends after: the CSMS's calls
 * in single-quoted JSON, a flush that waits until what was to follow has gone out, and the checks on the journal.
 */
abstract class StationAgainstMockCsms {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

    final VirtualClock clock = new VirtualClock(START);
    MockCsms csms;
    SimulatedStation station;
    private final String identity;

    StationAgainstMockCsms(String identity) {
        this.identity = identity;
    }

    @AfterEach
    void stop() {
        if (station != null) {
            station.close();
        }
        if (csms != null) {
            csms.close();
        }
    }

    /** Boots a station of {@code version} with {@code connectors} connectors (EVSEs) and flushes its status report. */
    void started(OcppVersion version, int connectors) throws Exception {
        csms = MockCsms.builder(version).clock(clock).build();
        station = SimulatedStation.builder(version).identity(identity).endpoint(csms.url())
                .transport(csms.stationTransport()).clock(clock).connectors(connectors).build();
        station.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        flush(); // the status report after the boot is out and answered
    }

    /** The station's answer to {@code action} with {@code payload} (JSON with single quotes). */
    ObjectNode call(String action, String payload) throws Exception {
        return csms.callRaw(identity, action, (ObjectNode) OcppJson.mapper().readTree(payload.replace('\'', '"')))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    String status(String action, String payload) throws Exception {
        return call(action, payload).path("status").asText();
    }

    /**
     * A triggered Heartbeat, awaited with its answer: the station's follow-ups go out one after another, so whatever
     * an answer before the trigger was to be followed by has gone out (and been answered) by then.
     */
    void flush() throws Exception {
        long before = csms.journal().exchanges().stream().mapToLong(Exchange::sequence).max().orElse(-1);
        assertThat(status("TriggerMessage", "{'requestedMessage':'Heartbeat'}")).isEqualTo("Accepted");
        csms.journal().await(e -> e.action().equals("Heartbeat") && e.sequence() > before && e.answered(), WAIT)
                .orElseThrow(() -> new AssertionError("no Heartbeat after the trigger: " + csms.journal()));
    }

    /** The requests of {@code action} the station sent, in order. */
    List<ObjectNode> sent(String action) {
        return csms.journal().exchanges(e -> e.caller() == Role.STATION && e.action().equals(action)).stream()
                .map(Exchange::request).toList();
    }

    /** Every CALL the station sent was schema-valid: the mock, which validates them, answered none with an error. */
    void assertNoCallError() {
        assertThat(csms.journal().exchanges(Exchange::failed)).as("CALLERRORs in the journal").isEmpty();
        assertThat(csms.journal().malformed()).isEmpty();
        assertThat(station.journal().exchanges(Exchange::failed)).isEmpty();
    }
}
