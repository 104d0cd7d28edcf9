package dev.ocpp.testkit.junit;

import dev.ocpp.core.OcppVersion;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class (or method) whose tests get OCPP simulators from the testkit: a parameter or a
 * {@link Simulated @Simulated} field of type {@link dev.ocpp.testkit.MockCsms}, {@link dev.ocpp.testkit.SimulatedStation},
 * {@link dev.ocpp.testkit.VirtualClock} or {@link dev.ocpp.transport.inmemory.InMemoryNetwork} is created for each
 * test, and everything created is closed after it, followed by a leak check.
 *
 * <pre>{@code
 * @OcppTest(version = OcppVersion.OCPP16)
 * class MyStationTest {
 *     @Test
 *     void bootsAndIsAccepted(MockCsms csms) throws Exception {
 *         MyStation station = new MyStation(csms.stationTransport(), csms.url());
 *         station.start();
 *         assertThat(csms.takeCall(BootNotificationRequest.class, Duration.ofSeconds(5)).getChargePointVendor())
 *                 .isEqualTo("ACME");
 *     }
 * }
 * }</pre>
 *
 * <p>Settings on a method replace those on its class. {@link Simulated} on a parameter or field overrides them for
 * that one simulator.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(OcppTestkitExtension.class)
public @interface OcppTest {

    /** The version the simulators speak unless {@link Simulated#version()} says otherwise. */
    OcppVersion version() default OcppVersion.OCPP201;

    /**
     * Whether simulators talk over real WebSockets on 127.0.0.1 (ephemeral ports) rather than the in-memory
     * transport, unless {@link Simulated#webSocket()} says otherwise.
     */
    boolean webSocket() default false;

    /**
     * Whether each test must leave no thread it started running and no simulator connected once everything the
     * extension created is closed (checked for up to {@link #leakGraceMillis()}); a leak fails the test.
     */
    boolean leakCheck() default true;

    /** How long threads started during a test get to end after it, before they count as leaked. */
    long leakGraceMillis() default 5_000;
}
