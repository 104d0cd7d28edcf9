package dev.ocpp.core;

import java.util.UUID;

/**
 * Makes message ids for outgoing CALLs. Ids must be unique per station identity (OCPP-J 1.6 errata §3.1,
 * OCPP 2.0.1 errata §4.6) and at most 36 characters. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface MessageIdGenerator {

    String nextId();

    /** Random UUIDs: 36 characters, unique without coordination. The default. */
    static MessageIdGenerator uuid() {
        return () -> UUID.randomUUID().toString();
    }
}
