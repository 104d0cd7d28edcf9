package dev.ocpp.examples.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.FrameListener.Direction;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.frame.FrameRedactor;
import dev.ocpp.core.spi.ConnectionInfo;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Issue 15: what a peer sends never grows the {@link ExchangeLog}; it only counts. */
class ExchangeLogBoundsTest {

    private final AtomicBoolean open = new AtomicBoolean(true);
    private final OcppSession station = session("CP-1", OcppVersion.OCPP16);

    @Test
    void countsUnknownActionNamesUnderOneBucket() {
        ExchangeLog log = new ExchangeLog("csms", null);
        for (int i = 0; i < 1000; i++) {
            log.onFrame(station, Direction.IN, "[2,\"m" + i + "\",\"Made-up-" + i + "\",{}]");
        }
        log.onFrame(station, Direction.IN, "[2,\"h\",\"Heartbeat\",{}]");

        assertThat(log.counts()).hasSize(2);
        assertThat(log.count(Direction.IN, "CALL", ExchangeLog.UNKNOWN_ACTION)).isEqualTo(1000);
        assertThat(log.count(Direction.IN, "CALL", "Heartbeat")).isEqualTo(1);
    }

    @Test
    void keepsARingOfRecentErrorsWithATotalAndCutsTheirCodes() {
        ExchangeLog log = new ExchangeLog("csms", null, false, FrameRedactor.defaults(), 5, 5, 5);
        for (int i = 0; i < 1000; i++) {
            log.onFrame(station, Direction.IN, "[4,\"x" + i + "\",\"" + "E".repeat(10_000) + "\",\"d\",{}]");
        }

        assertThat(log.errorCount()).isEqualTo(1000);
        assertThat(log.errors()).hasSize(5);
        assertThat(log.errors()).allSatisfy(e -> assertThat(e.errorCode().length()).isLessThan(100));
    }

    @Test
    void keepsARingOfRecentConnectionsWithATotal() {
        ExchangeLog log = new ExchangeLog("csms", null, false, FrameRedactor.defaults(), 5, 3, 5);
        for (int i = 0; i < 10; i++) {
            log.sessionOpened(session("CP-" + i, OcppVersion.OCPP201));
        }

        assertThat(log.connectionCount()).isEqualTo(10);
        assertThat(log.connections()).extracting(ExchangeLog.Connection::identity)
                .containsExactly("CP-7", "CP-8", "CP-9");
    }

    @Test
    void remembersABoundedNumberOfUnansweredCallsPerSessionAndForgetsThemOnClose() {
        ExchangeLog log = new ExchangeLog("csms", null, false, FrameRedactor.defaults(), 5, 5, 8);
        for (int i = 0; i < 1000; i++) {
            log.onFrame(station, Direction.OUT, "[2,\"c" + i + "\",\"Reset\",{}]");
        }
        // An id longer than any OCPP message id is not remembered at all.
        log.onFrame(station, Direction.OUT, "[2,\"" + "i".repeat(10_000) + "\",\"Reset\",{}]");
        assertThat(log.pendingCount()).isEqualTo(8);

        // The most recent ones are still matched with their answers.
        log.onFrame(station, Direction.IN, "[3,\"c999\",{}]");
        assertThat(log.count(Direction.IN, "CALLRESULT", "Reset")).isEqualTo(1);

        open.set(false);
        log.sessionClosed(station, 1000, "");
        assertThat(log.pendingCount()).isZero();
    }

    @Test
    void rememberNothingForASessionThatIsAlreadyClosed() {
        ExchangeLog log = new ExchangeLog("csms", null);
        open.set(false);
        log.sessionClosed(station, 1006, "");

        log.onFrame(station, Direction.IN, "[2,\"late\",\"Heartbeat\",{}]");

        assertThat(log.pendingCount()).isZero();
    }

    private OcppSession session(String identity, OcppVersion version) {
        return (OcppSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {OcppSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "identity" -> identity;
                    case "version" -> version;
                    case "isOpen" -> open.get();
                    case "connectionInfo" -> new ConnectionInfo(identity, version.subprotocol(), null, null, null,
                            null, null);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> identity;
                    default -> null;
                });
    }
}
