package dev.ocpp.examples.conformance;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.examples.csms.ExampleCsms;
import dev.ocpp.examples.support.Transports;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The example CSMS on an ephemeral port of 127.0.0.1 over Netty, serving the given versions, for the conformance
 * tests that run the catalogue against it; {@link #close()} stops it and its transport.
 */
final class RunningExampleCsms implements AutoCloseable {

    /** Longer than any run: the heartbeat interval the CSMS hands out must not set the pace of a scenario. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(300);

    private final Transports transports = Transports.netty();
    private final ExampleCsms csms;

    RunningExampleCsms(List<OcppVersion> versions) {
        ExampleCsms started = null;
        try {
            started = ExampleCsms.start(transports, new ExampleCsms.Settings("127.0.0.1", 0, versions, HEARTBEAT),
                    null);
        } finally {
            if (started == null) {
                transports.close();
            }
        }
        this.csms = started;
    }

    ExampleCsms csms() {
        return csms;
    }

    URI endpoint() {
        return csms.endpoint();
    }

    @Override
    public void close() {
        try {
            csms.close();
        } finally {
            transports.close();
        }
    }
}
