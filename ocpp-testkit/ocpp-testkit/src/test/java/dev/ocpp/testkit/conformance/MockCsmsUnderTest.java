package dev.ocpp.testkit.conformance;

import static dev.ocpp.testkit.conformance.ScenarioContext.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.testkit.MockCsms;
import java.net.URI;

/**
 * A {@link MockCsms} as the CSMS under test, with every optional action: the mock sends the CALL the scenario
 * asks for. The mock is the test's to make and close.
 */
final class MockCsmsUnderTest implements CsmsUnderTest {

    private final MockCsms csms;

    MockCsmsUnderTest(MockCsms csms) {
        this.csms = csms;
    }

    private boolean is16() {
        return csms.version() == OcppVersion.OCPP16;
    }

    @Override
    public URI endpoint() {
        return csms.url();
    }

    @Override
    public TransportClientFactory transport() {
        return csms.stationTransport();
    }

    @Override
    public void remoteStart(String identity, String idToken) {
        send(identity, is16() ? "RemoteStartTransaction" : "RequestStartTransaction", is16()
                ? json("{'idTag':'" + idToken + "','connectorId':1}")
                : json("{'idToken':{'idToken':'" + idToken + "','type':'ISO14443'},'remoteStartId':1,'evseId':1}"));
    }

    @Override
    public void reset(String identity) {
        send(identity, "Reset", is16() ? json("{'type':'Soft'}") : json("{'type':'OnIdle'}"));
    }

    @Override
    public void changeAvailability(String identity, boolean operative) {
        String value = operative ? "Operative" : "Inoperative";
        send(identity, "ChangeAvailability", is16() ? json("{'connectorId':0,'type':'" + value + "'}")
                : json("{'operationalStatus':'" + value + "'}"));
    }

    @Override
    public void triggerMessage(String identity, String requestedMessage) {
        send(identity, "TriggerMessage", json("{'requestedMessage':'" + requestedMessage + "'}"));
    }

    /** Sends and does not wait: the scenario watches the station's side. */
    private void send(String identity, String action, ObjectNode payload) {
        csms.callRaw(identity, action, payload).exceptionally(e -> null);
    }
}
