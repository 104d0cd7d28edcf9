package dev.ocpp.core.internal;

import dev.ocpp.core.AuthThrottle;
import dev.ocpp.core.AuthThrottle.Decision;
import dev.ocpp.core.AuthThrottle.Event;
import dev.ocpp.core.AuthThrottle.Scope;
import dev.ocpp.core.spi.support.LogSafe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state behind {@link AuthThrottle}: failure counts and lockouts per remote address and per identity, and the
 * address each identity last authenticated from. Called on transport threads: every operation is a few map
 * look-ups under one short lock, never a wait. Listeners are called outside the lock.
 */
public final class AuthThrottler {

    private static final Logger LOG = LoggerFactory.getLogger(AuthThrottler.class);

    /** Expired entries looked at, oldest first, on each change: keeps the maps free of stale entries over time. */
    private static final int SWEEP = 4;

    private final AuthThrottle config;
    private final List<AuthThrottle.Listener> listeners;
    private final Map<InetAddress, Entry> addresses;
    private final Map<String, Entry> identities;
    private final Map<String, InetAddress> lastGood;

    public AuthThrottler(AuthThrottle config, List<AuthThrottle.Listener> listeners) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
        this.addresses = lru(config.maxTracked());
        this.identities = lru(config.maxTracked());
        this.lastGood = lru(config.maxTracked());
    }

    private static <K, V> Map<K, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    /** The failures and lockouts of one address or identity; guarded by the throttler's lock. */
    private static final class Entry {
        int failures;
        int lockouts;
        long lockedUntil;
        long lastFailure;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Whether a request for {@code identity} from {@code remote} is locked out; if so it is reported and must be
     * refused without asking the authenticator.
     */
    public boolean refuse(String identity, InetSocketAddress remote) {
        if (!config.enabled()) {
            return false;
        }
        InetAddress address = address(remote);
        long now = config.clock().millis();
        Event event = null;
        synchronized (this) {
            Entry a = address == null ? null : current(addresses, address, now);
            if (a != null && a.lockedUntil > now) {
                event = new Event(Decision.REFUSED, Scope.ADDRESS, identity, remote, a.failures,
                        Duration.ofMillis(a.lockedUntil - now));
            } else {
                Entry i = current(identities, identity, now);
                // The address the station last proved itself from is exempt: an attacker elsewhere must not be
                // able to lock the real station out by failing in its name.
                if (i != null && i.lockedUntil > now
                        && (address == null || !address.equals(lastGood.get(identity)))) {
                    event = new Event(Decision.REFUSED, Scope.IDENTITY, identity, remote, i.failures,
                            Duration.ofMillis(i.lockedUntil - now));
                }
            }
        }
        if (event != null) {
            publish(List.of(event));
            return true;
        }
        return false;
    }

    /** Counts a refusal of the authenticator. */
    public void failed(String identity, InetSocketAddress remote) {
        if (!config.enabled()) {
            return;
        }
        InetAddress address = address(remote);
        long now = config.clock().millis();
        List<Event> events = new ArrayList<>(2);
        synchronized (this) {
            if (address != null) {
                fail(addresses, address, now).ifPresent(lockout -> events.add(new Event(Decision.LOCKED_OUT,
                        Scope.ADDRESS, identity, remote, addresses.get(address).failures, lockout)));
            }
            fail(identities, identity, now).ifPresent(lockout -> events.add(new Event(Decision.LOCKED_OUT,
                    Scope.IDENTITY, identity, remote, identities.get(identity).failures, lockout)));
        }
        publish(events);
    }

    /**
     * Remembers where {@code identity} authenticated from, which exempts that address from the identity's lockout.
     * The failure counts stay: a success does not undo an attacker's failures from elsewhere.
     */
    public void succeeded(String identity, InetSocketAddress remote) {
        if (!config.enabled()) {
            return;
        }
        InetAddress address = address(remote);
        if (address != null) {
            synchronized (this) {
                lastGood.put(identity, address);
            }
        }
    }

    /** How many addresses and identities are tracked now; for tests of the memory bound. */
    public synchronized int tracked() {
        return addresses.size() + identities.size() + lastGood.size();
    }

    /** Counts one failure; the lockout it starts, if it starts one. */
    private <K> Optional<Duration> fail(Map<K, Entry> map, K key, long now) {
        Entry e = current(map, key, now);
        if (e == null) {
            e = new Entry();
            map.put(key, e);
        }
        e.failures++;
        e.lastFailure = now;
        sweep(map, now);
        if (e.failures < config.failuresBeforeLockout() || e.lockedUntil > now) {
            return Optional.empty();
        }
        long first = config.firstLockout().toMillis();
        long max = config.maxLockout().toMillis();
        // Doubling, without overflow: 2^lockouts grows past max long after a few dozen lockouts.
        long lockout = e.lockouts >= 62 || first > (max >> Math.min(e.lockouts, 62)) ? max
                : Math.min(max, first << e.lockouts);
        e.lockouts++;
        e.lockedUntil = now + lockout;
        return Optional.of(Duration.ofMillis(lockout));
    }

    /** The entry of {@code key}, or null if there is none or it has gone quiet for the reset period. */
    private <K> Entry current(Map<K, Entry> map, K key, long now) {
        Entry e = map.get(key);
        if (e != null && expired(e, now)) {
            map.remove(key);
            return null;
        }
        return e;
    }

    private boolean expired(Entry e, long now) {
        return e.lockedUntil <= now && now - e.lastFailure >= config.resetAfter().toMillis();
    }

    /** Drops a few expired entries from the least recently used end. */
    private <K> void sweep(Map<K, Entry> map, long now) {
        Iterator<Entry> it = map.values().iterator();
        for (int n = 0; n < SWEEP && it.hasNext(); n++) {
            if (expired(it.next(), now)) {
                it.remove();
            } else {
                return;
            }
        }
    }

    private void publish(List<Event> events) {
        for (Event event : events) {
            if (event.decision() == Decision.LOCKED_OUT) {
                LOG.info("Locking out {} {} for {} after {} failed authentications", event.scope(),
                        event.scope() == Scope.ADDRESS ? event.remote() : LogSafe.escape(event.identity()),
                        event.remaining(), event.failures());
            }
            for (AuthThrottle.Listener l : listeners) {
                try {
                    l.onThrottle(event);
                } catch (RuntimeException e) {
                    LOG.warn("Authentication throttle listener failed", e);
                }
            }
        }
    }

    private static InetAddress address(InetSocketAddress remote) {
        return remote == null ? null : remote.getAddress();
    }
}
