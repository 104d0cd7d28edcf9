package dev.ocpp.testkit.junit;

import dev.ocpp.core.OcppVersion;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a field of an {@link OcppTest} class: inject a fresh {@link dev.ocpp.testkit.MockCsms},
 * {@link dev.ocpp.testkit.SimulatedStation}, {@link dev.ocpp.testkit.VirtualClock} or
 * {@link dev.ocpp.transport.inmemory.InMemoryNetwork} before each test. On a parameter or field: how to build that
 * one simulator. Parameters of those types need no annotation.
 *
 * <p>Attributes given as one-element arrays override the {@link OcppTest} settings; empty means "as the test says".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface Simulated {

    /** The version, overriding {@link OcppTest#version()}: {@code version = OcppVersion.OCPP16}. */
    OcppVersion[] version() default {};

    /** Real WebSockets or in memory, overriding {@link OcppTest#webSocket()}. */
    boolean[] webSocket() default {};

    /**
     * A station's identity; by default {@code "CS-"} and a number counting the stations of the test from 1. Ignored
     * for a {@code MockCsms}.
     */
    String identity() default "";

    /** A station's number of connectors (EVSEs in 2.0.1). */
    int connectors() default 1;

    /**
     * Where a station connects: a {@code ws://} or {@code wss://} URL. Empty: the URL the test class provides by a
     * field or no-argument method annotated {@link CsmsEndpoint}.
     */
    String endpoint() default "";
}
