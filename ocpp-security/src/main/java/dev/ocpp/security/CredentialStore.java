package dev.ocpp.security;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a CSMS looks up the stations it knows and their passwords (security profiles 1 and 2). Called on a
 * transport thread during the WebSocket upgrade: it must answer quickly and must not block on slow I/O; keep a cache
 * in front of a database.
 */
@FunctionalInterface
public interface CredentialStore {

    /** The credential of {@code identity}, or empty if the station is unknown (answered with HTTP 404). */
    Optional<StationCredential> find(String identity);

    /** A fixed map from identity to credential. */
    static CredentialStore of(Map<String, StationCredential> credentials) {
        Map<String, StationCredential> copy = Map.copyOf(credentials);
        return identity -> Optional.ofNullable(copy.get(identity));
    }

    /** A store that can change while the CSMS runs, e.g. when a password is rotated (A01). */
    static InMemory inMemory() {
        return new InMemory();
    }

    /** A thread-safe, changeable store. */
    final class InMemory implements CredentialStore {
        private final Map<String, StationCredential> map = new ConcurrentHashMap<>();

        InMemory() {
        }

        /** Sets the credential of {@code identity}; a station still connected keeps its connection. */
        public InMemory put(String identity, StationCredential credential) {
            map.put(identity, credential);
            return this;
        }

        public InMemory remove(String identity) {
            map.remove(identity);
            return this;
        }

        @Override
        public Optional<StationCredential> find(String identity) {
            return Optional.ofNullable(map.get(identity));
        }
    }
}
