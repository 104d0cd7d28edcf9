package dev.ocpp.testkit;

import dev.ocpp.core.FrameListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.frame.DecodeResult;
import dev.ocpp.core.frame.Dialect;
import dev.ocpp.core.frame.Frame;
import dev.ocpp.core.frame.FrameCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Every exchange one simulator took part in, in the order the CALLs travelled, recorded from the frames on the wire
 * (so a frame the library would refuse is recorded as sent). CALLs are paired with their answers by message id per
 * session and caller (OCPP-J 1.6 §4.1.1, OCPP 2.0.1 Part 4 §4.1.3). Frames that are not a CALL, CALLRESULT or
 * CALLERROR of the session's version are kept apart, in {@link #malformed()}.
 *
 * <p>Bounded: the oldest exchanges are forgotten past {@link #capacity()} (default {@value #DEFAULT_CAPACITY}), so a
 * long load test does not grow without end. Thread-safe; the waiting methods block the calling (test) thread only.
 */
public final class Journal {

    /** How many exchanges a journal keeps unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 10_000;
    private static final int MAX_MALFORMED = 1_000;
    private static final Map<OcppVersion, FrameCodec> CODECS = new ConcurrentHashMap<>();

    private final Role owner;
    private final Clock clock;
    private final int capacity;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: exchanges with sequence numbers {@code first .. first + size - 1}. */
    private final ArrayList<Exchange> exchanges = new ArrayList<>();
    /** Guarded by {@link #lock}. */
    private long first;
    /** Guarded by {@link #lock}: the next sequence number. */
    private long next;
    /** Guarded by {@link #lock}: unanswered CALLs by identity, caller and message id. */
    private final Map<Key, Long> open = new HashMap<>();
    /** Guarded by {@link #lock}: sequence numbers handed out by {@link #take}. */
    private final Set<Long> taken = new HashSet<>();
    /** Guarded by {@link #lock}. */
    private final Deque<String> malformed = new ArrayDeque<>();

    private record Key(String identity, Role caller, String messageId) {
    }

    /**
     * A journal of the simulator playing {@code owner}, timing exchanges by {@code clock}, keeping at most
     * {@code capacity} of them.
     */
    public Journal(Role owner, Clock clock, int capacity) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** A journal of the simulator playing {@code owner}, on the system clock, of the default capacity. */
    public Journal(Role owner) {
        this(owner, Clock.systemUTC(), DEFAULT_CAPACITY);
    }

    /** The role of the simulator whose exchanges these are. */
    public Role owner() {
        return owner;
    }

    /** How many exchanges are kept at most. */
    public int capacity() {
        return capacity;
    }

    /**
     * The listener that feeds this journal: install it on every session of the simulator
     * ({@link dev.ocpp.core.SessionConfig.Builder#frameListener}). Fast and non-blocking, as frame listeners must be.
     */
    public FrameListener frameListener() {
        return this::onFrame;
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** A snapshot of the exchanges kept, oldest first. */
    public List<Exchange> exchanges() {
        synchronized (lock) {
            return List.copyOf(exchanges);
        }
    }

    /** A snapshot of the exchanges of {@code action}, oldest first. */
    public List<Exchange> exchanges(String action) {
        return exchanges(e -> e.action().equals(action));
    }

    /** A snapshot of the exchanges {@code filter} accepts, oldest first. */
    public List<Exchange> exchanges(Predicate<? super Exchange> filter) {
        synchronized (lock) {
            return exchanges.stream().filter(filter).map(Exchange.class::cast).toList();
        }
    }

    /** The latest exchange of {@code action}, if any is kept. */
    public Optional<Exchange> last(String action) {
        synchronized (lock) {
            for (int i = exchanges.size() - 1; i >= 0; i--) {
                if (exchanges.get(i).action().equals(action)) {
                    return Optional.of(exchanges.get(i));
                }
            }
            return Optional.empty();
        }
    }

    /** The texts of frames that could not be read as a CALL, CALLRESULT or CALLERROR (the last 1,000). */
    public List<String> malformed() {
        synchronized (lock) {
            return List.copyOf(malformed);
        }
    }

    /** Forgets everything recorded so far. CALLs still awaiting an answer are then no longer paired. */
    public void clear() {
        synchronized (lock) {
            first = next;
            exchanges.clear();
            open.clear();
            taken.clear();
            malformed.clear();
        }
    }

    // ------------------------------------------------------------------------------------------------ waiting

    /**
     * Waits until an exchange that {@code condition} accepts is recorded (or already was), and returns the earliest
     * such exchange; empty if none came within {@code timeout}. An exchange is tested again when its answer comes, so
     * a condition on the answer works.
     */
    public Optional<Exchange> await(Predicate<? super Exchange> condition, Duration timeout)
            throws InterruptedException {
        return waitFor(condition, timeout, false);
    }

    /**
     * Like {@link #await}, but each exchange is handed out by {@code take} at most once, in the order recorded:
     * successive calls return successive matching exchanges (the way a mock server's request queue works).
     */
    public Optional<Exchange> take(Predicate<? super Exchange> condition, Duration timeout)
            throws InterruptedException {
        return waitFor(condition, timeout, true);
    }

    private Optional<Exchange> waitFor(Predicate<? super Exchange> condition, Duration timeout, boolean consume)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                for (Exchange e : exchanges) {
                    if ((!consume || !taken.contains(e.sequence())) && condition.test(e)) {
                        if (consume) {
                            taken.add(e.sequence());
                        }
                        return Optional.of(e);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ recording

    private void onFrame(OcppSession session, FrameListener.Direction direction, String text) {
        record(session.identity(), session.version(), direction, text);
    }

    /**
     * Records one frame as if seen on a session of station {@code identity} speaking {@code version}, travelling
     * {@code direction} from this journal's {@link #owner()}'s point of view ({@code IN}: sent by the peer). The
     * {@link #frameListener()} calls this; tests and tools may too, to build a journal from a captured trace.
     */
    public void record(String identity, OcppVersion version, FrameListener.Direction direction, String text) {
        DecodeResult decoded;
        try {
            decoded = CODECS.computeIfAbsent(version, v -> new FrameCodec(Dialect.of(v))).decode(text);
        } catch (RuntimeException e) {
            decoded = null;
        }
        Instant now = clock.instant();
        boolean in = direction == FrameListener.Direction.IN;
        synchronized (lock) {
            if (!(decoded instanceof DecodeResult.Valid valid)) {
                if (malformed.size() == MAX_MALFORMED) {
                    malformed.removeFirst();
                }
                malformed.addLast(text);
            } else if (valid.frame() instanceof Frame.Call call) {
                Role caller = in ? owner.peer() : owner;
                Exchange e = new Exchange(next, identity, caller, call.messageId(), call.action(),
                        call.payload(), null, null, now, null);
                open.put(new Key(identity, caller, call.messageId()), next);
                append(e);
            } else if (valid.frame() instanceof Frame.CallResult result) {
                // An answer coming in answers a CALL of ours; one going out answers the peer's.
                answer(new Key(identity, in ? owner : owner.peer(), result.messageId()),
                        e -> e.withResponse(result.payload(), now));
            } else if (valid.frame() instanceof Frame.CallError error) {
                answer(new Key(identity, in ? owner : owner.peer(), error.messageId()),
                        e -> e.withError(new Exchange.CallError(error.errorCode(), error.errorDescription(),
                                error.errorDetails()), now));
            }
            lock.notifyAll();
        }
    }

    /** Guarded by {@link #lock}. */
    private void append(Exchange e) {
        exchanges.add(e);
        next++;
        if (exchanges.size() > capacity) {
            // Drop the oldest tenth at once, so that a full journal does not shift its array on every CALL.
            int drop = Math.max(1, capacity / 10);
            for (Exchange gone : exchanges.subList(0, drop)) {
                open.remove(new Key(gone.identity(), gone.caller(), gone.messageId()), gone.sequence());
                taken.remove(gone.sequence());
            }
            exchanges.subList(0, drop).clear();
            first += drop;
        }
    }

    /** Guarded by {@link #lock}. */
    private void answer(Key key, java.util.function.UnaryOperator<Exchange> complete) {
        Long seq = open.remove(key);
        if (seq == null || seq < first) {
            return; // an answer to nothing we know: the engine reports it; the journal has nothing to pair
        }
        int index = (int) (seq - first);
        exchanges.set(index, complete.apply(exchanges.get(index)));
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "Journal[" + owner + ", " + exchanges.size() + " exchanges]";
        }
    }
}
