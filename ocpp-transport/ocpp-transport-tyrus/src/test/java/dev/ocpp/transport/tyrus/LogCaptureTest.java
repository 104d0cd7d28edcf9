package dev.ocpp.transport.tyrus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.transport.testsuite.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The suite's {@link LogCapture} sees stack traces on both logging paths of this module's tests: SLF4J's simple
 * backend (ours, and Netty's) and java.util.logging (Tyrus, Grizzly). Without this, a strictness test that finds no
 * stack trace could merely be looking in the wrong place.
 */
class LogCaptureTest {

    @Test
    void seesAStackTraceLoggedThroughSlf4j() {
        try (LogCapture log = LogCapture.start()) {
            LoggerFactory.getLogger(LogCaptureTest.class).error("failed", new IllegalStateException("boom"));
            assertThat(log.stackTraces()).isNotEmpty();
        }
    }

    @Test
    void seesAThrowableLoggedThroughJavaUtilLogging() {
        try (LogCapture log = LogCapture.start()) {
            // System.Logger goes to java.util.logging when that module is present, as it is here; this module does
            // not read java.logging itself.
            System.getLogger("org.glassfish.grizzly.test")
                    .log(System.Logger.Level.WARNING, "failed", new IllegalStateException("boom"));
            assertThat(log.stackTraces()).isNotEmpty();
        }
    }

    @Test
    void seesNothingInPlainLogLines() {
        try (LogCapture log = LogCapture.start()) {
            LoggerFactory.getLogger(LogCaptureTest.class).warn("a plain line, at ease");
            System.getLogger("org.glassfish.grizzly.test").log(System.Logger.Level.WARNING, "another");
            assertThat(log.stackTraces()).isEmpty();
        }
    }
}
