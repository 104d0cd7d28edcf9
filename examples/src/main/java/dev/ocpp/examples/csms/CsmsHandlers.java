package dev.ocpp.examples.csms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.examples.support.Payloads;
import dev.ocpp.examples.support.Versions;
import java.time.Clock;
import java.time.Duration;

/**
 * The example CSMS's answers per version. OCPP 1.6 gets {@link Csms16Handlers}: typed answers to every action a
 * charge point sends. OCPP 2.0.1 answers BootNotification (always Accepted), Heartbeat and StatusNotification as
 * hand-built payloads until its typed classes exist; every other 2.0.1 action is left to the engine's dispatch
 * rules, which shows NotSupported and NotImplemented coming from the catalog without any code here.
 */
public final class CsmsHandlers {

    private CsmsHandlers() {
    }

    /**
     * The handlers for {@code version}.
     *
     * @param heartbeatInterval the interval returned in BootNotification, whole seconds
     */
    public static Handlers forVersion(OcppVersion version, Duration heartbeatInterval, Clock clock) {
        if (version == OcppVersion.OCPP16) {
            return Csms16Handlers.create(heartbeatInterval, clock);
        }
        long interval = Math.max(1, heartbeatInterval.toSeconds());
        Handlers.Builder b = Handlers.builder(Versions.catalog(version));
        // BootNotificationResponse, OCPP 2.0.1 Part 2 §1.3: currentTime, interval, status.
        b.on("BootNotification", call -> {
            ObjectNode response = Payloads.object();
            response.put("currentTime", Payloads.now(clock));
            response.put("interval", interval);
            response.put("status", "Accepted");
            return response;
        });
        b.on("Heartbeat", call -> Payloads.object().put("currentTime", Payloads.now(clock)));
        b.on("StatusNotification", call -> Payloads.object());
        return b.build();
    }
}
