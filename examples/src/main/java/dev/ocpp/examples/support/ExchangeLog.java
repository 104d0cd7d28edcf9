package dev.ocpp.examples.support;

import dev.ocpp.core.FrameListener;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.frame.FrameRedactor;
import dev.ocpp.core.spi.support.LogSafe;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Watches the sessions of one side (a CSMS or a set of stations): prints one readable line per frame in and out
 * and per connect and disconnect, and counts the traffic per direction, message type and action. Register it as
 * both the {@link FrameListener} and the {@link OcppEventListener} of a {@link dev.ocpp.core.SessionConfig}.
 *
 * <p>A CALLRESULT or CALLERROR does not name its action on the wire; the log remembers the action of every CALL
 * it saw by message id, per station and direction, so that replies are counted under their action too.
 *
 * <p>Frame lines pass through a {@link FrameRedactor}, by default {@link FrameRedactor#defaults()}: idTags,
 * idTokens, passwords, keys, certificates and customer data are masked, so that a log kept or shared does not hand
 * them on. Everything a peer controls in a line (identity, action, frame text, close reason) is escaped and cut by
 * {@link LogSafe}, so that it can neither forge lines nor flood the output.
 * Thread-safe.
 */
public final class ExchangeLog implements FrameListener, OcppEventListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /** Long payloads are cut in the log line; the counts are unaffected. */
    private static final int MAX_TEXT = 300;
    /** A close reason is at most 123 bytes on the wire (RFC 6455 section 5.5); more is kept for other reasons. */
    private static final int MAX_REASON = 123;

    /** One counter bucket: which way, what type, which action. */
    public record Key(Direction direction, String type, String action) {
    }

    /** A station that connected, with the subprotocol agreed. */
    public record Connection(String identity, String subprotocol) {
    }

    /** A CALLERROR seen on the wire. */
    public record ErrorSeen(String identity, Direction direction, String action, String errorCode) {
    }

    /** Keyed by session object, not identity: a reconnecting station's new session must not share entries. */
    private record Pending(OcppSession session, Direction callDirection, String messageId) {
    }

    private final String role;
    private final Consumer<String> sink;
    private final boolean frameLines;
    private final FrameRedactor redactor;
    private final Map<Pending, String> actions = new ConcurrentHashMap<>();
    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<ErrorSeen> errors = new CopyOnWriteArrayList<>();

    /**
     * @param role a short label for the side that owns the log, e.g. {@code csms}
     * @param sink receives the log lines; {@code null} counts without printing
     */
    public ExchangeLog(String role, Consumer<String> sink) {
        this(role, sink, true);
    }

    /**
     * @param role       a short label for the side that owns the log, e.g. {@code csms}
     * @param sink       receives the log lines; {@code null} counts without printing
     * @param frameLines whether every frame gets a line; without, only CALLERRORs do (a busy CSMS would otherwise
     *                   spend its time printing), while connections and the counts are kept as ever
     */
    public ExchangeLog(String role, Consumer<String> sink, boolean frameLines) {
        this(role, sink, frameLines, FrameRedactor.defaults());
    }

    /**
     * @param role       a short label for the side that owns the log, e.g. {@code csms}
     * @param sink       receives the log lines; {@code null} counts without printing
     * @param frameLines whether every frame gets a line (see {@link #ExchangeLog(String, Consumer, boolean)})
     * @param redactor   what frame lines hide; {@link FrameRedactor#none()} shows personal data and secrets
     */
    public ExchangeLog(String role, Consumer<String> sink, boolean frameLines, FrameRedactor redactor) {
        this.role = Objects.requireNonNull(role, "role");
        this.sink = sink;
        this.frameLines = frameLines;
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    @Override
    public void onFrame(OcppSession session, Direction direction, String text) {
        WireFrame frame = WireFrame.parse(text);
        String action;
        if (frame.isReply()) {
            Direction callDirection = direction == Direction.IN ? Direction.OUT : Direction.IN;
            String known = frame.messageId() == null ? null
                    : actions.remove(new Pending(session, callDirection, frame.messageId()));
            action = known != null ? known : "?";
        } else {
            action = frame.action() != null ? frame.action() : "?";
            if (frame.messageId() != null) {
                actions.put(new Pending(session, direction, frame.messageId()), action);
            }
        }
        counts.computeIfAbsent(new Key(direction, frame.typeName(), action), k -> new LongAdder()).increment();
        if (frame.errorCode() != null) {
            errors.add(new ErrorSeen(session.identity(), direction, action, frame.errorCode()));
        }
        if (frameLines || frame.errorCode() != null) {
            print(line(session, direction, frame, action, text));
        }
    }

    private String line(OcppSession session, Direction direction, WireFrame frame, String action, String text) {
        return String.format("%-10s %-9s %s %-10s %-20s %s", LogSafe.escape(session.identity()), session.version(),
                direction == Direction.IN ? "<-" : "->", frame.typeName(), LogSafe.escape(action),
                redactor.forLog(text, MAX_TEXT));
    }

    @Override
    public void sessionOpened(OcppSession session) {
        connections.add(new Connection(session.identity(), session.version().subprotocol()));
        print(String.format("%-10s connected with subprotocol %s from %s", LogSafe.escape(session.identity()),
                session.version().subprotocol(), session.connectionInfo().remoteAddress()));
    }

    @Override
    public void sessionClosed(OcppSession session, int code, String reason) {
        String identity = session.identity();
        actions.keySet().removeIf(p -> p.session() == session);
        print(String.format("%-10s disconnected (%d%s)", LogSafe.escape(identity), code,
                reason == null || reason.isEmpty() ? "" : " " + LogSafe.escape(reason, MAX_REASON)));
    }

    /** How many frames were seen in {@code direction} of {@code type} (CALL, CALLRESULT, CALLERROR) for action. */
    public long count(Direction direction, String type, String action) {
        LongAdder n = counts.get(new Key(direction, type, action));
        return n == null ? 0 : n.sum();
    }

    /** A sorted snapshot of every counter. */
    public Map<Key, Long> counts() {
        Map<Key, Long> snapshot = new TreeMap<>((a, b) -> {
            int c = a.action().compareTo(b.action());
            if (c == 0) {
                c = a.direction().compareTo(b.direction());
            }
            return c != 0 ? c : a.type().compareTo(b.type());
        });
        counts.forEach((k, v) -> snapshot.put(k, v.sum()));
        return snapshot;
    }

    /** Every connection seen, in order. */
    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Every CALLERROR seen, in order. */
    public List<ErrorSeen> errors() {
        return List.copyOf(errors);
    }

    private void print(String line) {
        if (sink != null) {
            sink.accept(LocalTime.now().format(TIME) + " [" + role + "] " + line);
        }
    }
}
