package dev.ocpp.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the field or no-argument method of an {@link OcppTest} class that gives the URL of the CSMS under test
 * (a {@link java.net.URI} or {@link String}), to which injected {@link dev.ocpp.testkit.SimulatedStation}s connect.
 * It is read when the station is created: for a parameter, after the test's {@code @BeforeEach} methods, so a CSMS
 * started there is up; for a {@link Simulated @Simulated} field, likewise just before the test method runs.
 *
 * <p>A CSMS under test on the in-memory transport takes its transport from the test's
 * {@link dev.ocpp.transport.inmemory.InMemoryNetwork} (inject one); stations then connect through the same network.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface CsmsEndpoint {
}
