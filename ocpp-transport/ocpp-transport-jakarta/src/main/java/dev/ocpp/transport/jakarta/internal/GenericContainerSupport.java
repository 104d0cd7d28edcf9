package dev.ocpp.transport.jakarta.internal;

import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.support.HttpStatus;
import jakarta.websocket.HandshakeResponse;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container support without compile-time knowledge of the container.
 *
 * <p>Refusing an upgrade: the Jakarta API cannot express it ({@code HandshakeResponse} has no status). When the
 * container turns out to be Tyrus (as in GlassFish, Payara or Helidon), this class does by reflection what the Tyrus
 * module does with types: it throws Tyrus' {@code HandshakeException}, which Tyrus answers with that status. Other
 * containers cannot refuse from inside the WebSocket API; the endpoint then closes the upgraded connection at once
 * (1008), and a servlet filter in front of the endpoint is the way to get a real 401/404.
 *
 * <p>Client side: the HTTP status is read from the container's response object or exception where they expose it
 * ({@code getStatus()}, {@code getHttpStatusCode()}, as Tyrus does).
 */
public final class GenericContainerSupport implements ContainerSupport {

    public static final GenericContainerSupport INSTANCE = new GenericContainerSupport();

    private static final Logger LOG = LoggerFactory.getLogger(GenericContainerSupport.class);
    private static final String TYRUS_RESPONSE = "org.glassfish.tyrus.spi.UpgradeResponse";
    private static final String TYRUS_EXCEPTION = "org.glassfish.tyrus.core.HandshakeException";

    private final AtomicBoolean warned = new AtomicBoolean();

    private GenericContainerSupport() {
    }

    @Override
    public boolean refuse(HandshakeResponse response, HandshakeDecision decision) {
        Class<?> tyrusResponse = superclassNamed(response.getClass(), TYRUS_RESPONSE);
        if (tyrusResponse != null) {
            Throwable refusal;
            try {
                tyrusResponse.getMethod("setReasonPhrase", String.class)
                        .invoke(response, HttpStatus.reasonPhrase(decision.status()));
                Class<?> exception = Class.forName(TYRUS_EXCEPTION, false, response.getClass().getClassLoader());
                Constructor<?> c = exception.getConstructor(int.class, String.class);
                refusal = (Throwable) c.newInstance(decision.status(), decision.reason());
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("Could not refuse the upgrade through Tyrus; closing after the upgrade instead", e);
                return false;
            }
            // The response still carries the 101 headers Tyrus prepared; none of them belongs on an error answer.
            response.getHeaders().clear();
            if (decision.status() == 401) {
                response.getHeaders().put("WWW-Authenticate", List.of("Basic realm=\"OCPP\""));
            }
            throw Sneaky.rethrow(refusal);
        }
        if (warned.compareAndSet(false, true)) {
            LOG.warn("This WebSocket container ({}) cannot refuse an upgrade from the WebSocket API; refused "
                    + "connections are closed with 1008 right after the upgrade. Put a servlet filter in front of the "
                    + "OCPP endpoint to answer 401/404 instead.", response.getClass().getName());
        }
        return false;
    }

    @Override
    public OptionalInt responseStatus(HandshakeResponse response) {
        return intProperty(response, "getStatus");
    }

    @Override
    public OptionalInt rejectionStatus(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            OptionalInt status = intProperty(t, "getHttpStatusCode");
            if (status.isPresent()) {
                return status;
            }
        }
        return OptionalInt.empty();
    }

    private static OptionalInt intProperty(Object target, String getter) {
        try {
            Method m = target.getClass().getMethod(getter);
            if (m.getReturnType() == int.class) {
                return OptionalInt.of((Integer) m.invoke(target));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Not this container's type, or not accessible: the status is simply unknown.
        }
        return OptionalInt.empty();
    }

    private static Class<?> superclassNamed(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
