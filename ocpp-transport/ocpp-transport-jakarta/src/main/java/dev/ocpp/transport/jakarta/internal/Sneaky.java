package dev.ocpp.transport.jakarta.internal;

/** Throws a checked exception through a method that does not declare it. */
public final class Sneaky {

    private Sneaky() {
    }

    /**
     * Throws {@code t} unchanged. Needed where a container turns one of its own checked exceptions into an HTTP
     * answer but the Jakarta callback signature ({@code modifyHandshake}) declares none.
     */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> RuntimeException rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
