package dev.ocpp.examples.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.FrameListener;
import dev.ocpp.core.OcppSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Records every frame of a test peer's sessions as it went over the wire, and lets a test wait for what it expects
 * to arrive, without sleeping: each new frame wakes the waiters to look again.
 */
public final class FrameRecorder implements FrameListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One frame.
     *
     * @param direction as the recording peer saw it
     * @param text      exactly as on the wire
     * @param array     the parsed frame
     */
    public record Seen(String identity, Direction direction, String text, JsonNode array) {

        public int type() {
            return array.path(0).asInt();
        }

        public String messageId() {
            return array.path(1).asText();
        }

        /** The action of a CALL, else {@code null}. */
        public String action() {
            return type() == 2 ? array.path(2).asText() : null;
        }

        /** The payload of a CALL or CALLRESULT. */
        public ObjectNode payload() {
            return (ObjectNode) array.get(type() == 2 ? 3 : 2);
        }

        public boolean isCall(String name) {
            return type() == 2 && name.equals(action());
        }
    }

    private final List<Seen> frames = new ArrayList<>();

    @Override
    public void onFrame(OcppSession session, Direction direction, String text) {
        JsonNode array;
        try {
            array = JSON.readTree(text);
        } catch (Exception e) {
            array = JSON.nullNode();
        }
        synchronized (this) {
            frames.add(new Seen(session.identity(), direction, text, array));
            notifyAll();
        }
    }

    /** Everything recorded so far, in order. */
    public synchronized List<Seen> frames() {
        return List.copyOf(frames);
    }

    /** The CALLs received (direction IN) so far, in order. */
    public List<Seen> callsIn() {
        return frames().stream().filter(f -> f.direction() == Direction.IN && f.type() == 2).toList();
    }

    /** The CALLRESULT that answered {@code call}, if it was recorded. */
    public Optional<Seen> resultOf(Seen call) {
        return frames().stream().filter(f -> f.type() == 3 && f.direction() != call.direction()
                && f.messageId().equals(call.messageId())).findFirst();
    }

    /**
     * Waits until {@code probe}, applied to the frames so far, finds what it looks for.
     *
     * @throws TimeoutException if it has not within {@code timeout}
     */
    public synchronized <T> T await(Function<List<Seen>, Optional<T>> probe, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.apply(List.copyOf(frames));
            if (found.isPresent()) {
                return found.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("not seen within " + timeout + "; frames: " + frames.stream()
                        .map(f -> f.direction() + " " + f.text()).toList());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits for the CALLRESULT that answers {@code call}. */
    public Seen awaitResultOf(Seen call, Duration timeout) throws InterruptedException, TimeoutException {
        return await(all -> all.stream().filter(f -> f.type() == 3 && f.direction() != call.direction()
                && f.messageId().equals(call.messageId())).findFirst(), timeout);
    }

    /** Waits for the {@code n}th CALL of {@code action} received (counting from 1). */
    public Seen awaitCallIn(String action, int n, Duration timeout) throws InterruptedException, TimeoutException {
        return await(all -> all.stream().filter(f -> f.direction() == Direction.IN && f.isCall(action))
                .skip(n - 1).findFirst(), timeout);
    }
}
