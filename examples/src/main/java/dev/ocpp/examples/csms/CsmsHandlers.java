package dev.ocpp.examples.csms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.examples.support.Payloads;
import dev.ocpp.examples.support.Versions;
import java.time.Clock;
import java.time.Duration;

/**
 * The example CSMS's answers: BootNotification (always Accepted), Heartbeat and StatusNotification, in the payload
 * shape of each version. Every other action is left to the engine's dispatch rules, which is the point: the
 * example shows NotSupported and NotImplemented coming from the catalog without any code here.
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
        long interval = Math.max(1, heartbeatInterval.toSeconds());
        Handlers.Builder b = Handlers.builder(Versions.catalog(version));
        if (version == OcppVersion.OCPP16) {
            // BootNotification.conf, OCPP 1.6 §6.3: status, currentTime, interval.
            b.on("BootNotification", call -> {
                ObjectNode conf = Payloads.object();
                conf.put("status", "Accepted");
                conf.put("currentTime", Payloads.now(clock));
                conf.put("interval", interval);
                return conf;
            });
        } else {
            // BootNotificationResponse, OCPP 2.0.1 Part 2 §1.3: currentTime, interval, status.
            b.on("BootNotification", call -> {
                ObjectNode response = Payloads.object();
                response.put("currentTime", Payloads.now(clock));
                response.put("interval", interval);
                response.put("status", "Accepted");
                return response;
            });
        }
        // Heartbeat and StatusNotification answer alike in 1.6 and 2.0.1.
        b.on("Heartbeat", call -> Payloads.object().put("currentTime", Payloads.now(clock)));
        b.on("StatusNotification", call -> Payloads.object());
        return b.build();
    }
}
