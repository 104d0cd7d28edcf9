package dev.ocpp.examples.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.examples.csms.ExampleCsms;
import dev.ocpp.testkit.conformance.CsmsUnderTest;
import java.net.URI;
import java.util.Objects;

/**
 * The example CSMS as the CSMS under test of the conformance scenarios, with every optional action: each one sends
 * its CALL through the CSMS's server to the connected station, as an operator's button would. The CSMS is the
 * caller's to start and close.
 */
public final class ExampleCsmsUnderTest implements CsmsUnderTest {

    private final ExampleCsms csms;

    /** An adapter of the running {@code csms}. */
    public ExampleCsmsUnderTest(ExampleCsms csms) {
        this.csms = Objects.requireNonNull(csms, "csms");
    }

    @Override
    public URI endpoint() {
        return csms.endpoint();
    }

    /** OCPP 1.6 §5.11 RemoteStartTransaction on connector 1; 2.0.1 F01 RequestStartTransaction on EVSE 1. */
    @Override
    public void remoteStart(String identity, String idToken) {
        OcppSession s = session(identity);
        if (s.version() == OcppVersion.OCPP16) {
            send(s, "RemoteStartTransaction", json("{'connectorId':1}").put("idTag", idToken));
        } else {
            ObjectNode request = json("{'remoteStartId':1,'evseId':1}");
            request.putObject("idToken").put("idToken", idToken).put("type", "ISO14443");
            send(s, "RequestStartTransaction", request);
        }
    }

    /** OCPP 1.6 §5.14 Reset Soft; 2.0.1 B11 Reset OnIdle (without an EVSE: the whole station). */
    @Override
    public void reset(String identity) {
        OcppSession s = session(identity);
        send(s, "Reset", json(s.version() == OcppVersion.OCPP16 ? "{'type':'Soft'}" : "{'type':'OnIdle'}"));
    }

    /** OCPP 1.6 §5.2 ChangeAvailability of connector 0 (the station); 2.0.1 G03/G04 without an EVSE. */
    @Override
    public void changeAvailability(String identity, boolean operative) {
        OcppSession s = session(identity);
        String status = operative ? "Operative" : "Inoperative";
        send(s, "ChangeAvailability", s.version() == OcppVersion.OCPP16
                ? json("{'connectorId':0}").put("type", status)
                : json("{}").put("operationalStatus", status));
    }

    /** OCPP 1.6 §5.17, 2.0.1 F06: TriggerMessage for {@code requestedMessage}. */
    @Override
    public void triggerMessage(String identity, String requestedMessage) {
        send(session(identity), "TriggerMessage", json("{}").put("requestedMessage", requestedMessage));
    }

    private OcppSession session(String identity) {
        return csms.server().session(identity).orElseThrow(() ->
                new ConnectionClosedException("no station is connected to the example CSMS as " + identity));
    }

    /** Sends without waiting: the scenario watches what reaches the station, and its answer is the station's. */
    private static void send(OcppSession session, String action, ObjectNode payload) {
        session.call(action, payload).exceptionally(e -> null);
    }

    private static ObjectNode json(String json) {
        try {
            return (ObjectNode) OcppJson.mapper().readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    @Override
    public String toString() {
        return "example CSMS at " + endpoint();
    }
}
