package dev.ocpp.examples.support;

import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.FrameListener;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.frame.FrameRedactor;
import dev.ocpp.core.spi.support.LogSafe;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Everything it keeps is bounded, whatever the peers send (issue 15): counters exist only for the actions of the
 * session's version catalog ({@link dev.ocpp.examples.support.Versions#catalog}), any other name is counted under
 * {@link #UNKNOWN_ACTION}; the CALLERRORs and connections are rings of the most recent ones with a running total;
 * the remembered actions of unanswered CALLs are capped per session, and ids longer than any OCPP message id are
 * not remembered. A station that floods the CSMS therefore costs counts, never memory.
 */
public final class ExchangeLog implements FrameListener, OcppEventListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /** Long payloads are cut in the log line; the counts are unaffected. */
    private static final int MAX_TEXT = 300;
    /** A close reason is at most 123 bytes on the wire (RFC 6455 section 5.5); more is kept for other reasons. */
    private static final int MAX_REASON = 123;

    /** The bucket every action name outside the session's version catalog is counted under. */
    public static final String UNKNOWN_ACTION = "(unknown)";
    /** The bucket of a frame whose action is not known: an unreadable frame, or a reply to no remembered CALL. */
    public static final String NO_ACTION = "?";
    /** How many recent CALLERRORs {@link #errors()} keeps by default. */
    public static final int DEFAULT_MAX_ERRORS = 100;
    /** How many recent connections {@link #connections()} keeps by default. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    /**
     * How many unanswered CALLs per session have their action remembered by default: well above what OCPP-J allows
     * (one CALL at a time each way, OCPP-J 1.6 §4.1.1, OCPP 2.0.1 Part 4 §4.1.1), so only a misbehaving peer reaches
     * it, and its replies are then counted under {@link #NO_ACTION}.
     */
    public static final int DEFAULT_MAX_PENDING_PER_SESSION = 64;
    /** A message id is at most 36 characters (OCPP-J 1.6 §4.1.3, OCPP 2.0.1 Part 4 §4.2.1); longer ones are not kept. */
    private static final int MAX_MESSAGE_ID = 36;
    /** How much of a peer's error code {@link ErrorSeen} keeps; the codes OCPP defines are shorter. */
    private static final int MAX_ERROR_CODE = 40;

    /** One counter bucket: which way, what type, which action. */
    public record Key(Direction direction, String type, String action) {
    }

    /** A station that connected, with the subprotocol agreed. */
    public record Connection(String identity, String subprotocol) {
    }

    /** A CALLERROR seen on the wire; its error code escaped and cut, being the peer's text. */
    public record ErrorSeen(String identity, Direction direction, String action, String errorCode) {
    }

    private final String role;
    private final Consumer<String> sink;
    private final boolean frameLines;
    private final FrameRedactor redactor;
    private final int maxErrors;
    private final int maxConnections;
    private final int maxPendingPerSession;
    /** Per open session: the action bucket of each unanswered CALL, by direction and id, oldest first. */
    private final Map<OcppSession, PendingActions> pending = new ConcurrentHashMap<>();
    /** Keys are drawn from the catalogs, so this map has a fixed upper size. */
    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    /** Guarded by itself. */
    private final ArrayDeque<Connection> connections = new ArrayDeque<>();
    private final LongAdder connectionCount = new LongAdder();
    /** Guarded by itself. */
    private final ArrayDeque<ErrorSeen> errors = new ArrayDeque<>();
    private final LongAdder errorCount = new LongAdder();

    /** The remembered CALLs of one session; drops the oldest beyond the cap. Guarded by itself. */
    private static final class PendingActions extends LinkedHashMap<String, String> {
        private final int max;

        PendingActions(int max) {
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > max;
        }
    }

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
        this(role, sink, frameLines, redactor, DEFAULT_MAX_ERRORS, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_PENDING_PER_SESSION);
    }

    /**
     * @param maxErrors            how many recent CALLERRORs {@link #errors()} keeps, at least 1
     * @param maxConnections       how many recent connections {@link #connections()} keeps, at least 1
     * @param maxPendingPerSession how many unanswered CALLs per session have their action remembered, at least 1
     */
    public ExchangeLog(String role, Consumer<String> sink, boolean frameLines, FrameRedactor redactor, int maxErrors,
                       int maxConnections, int maxPendingPerSession) {
        this.role = Objects.requireNonNull(role, "role");
        this.sink = sink;
        this.frameLines = frameLines;
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        if (maxErrors < 1 || maxConnections < 1 || maxPendingPerSession < 1) {
            throw new IllegalArgumentException("every bound must be at least 1");
        }
        this.maxErrors = maxErrors;
        this.maxConnections = maxConnections;
        this.maxPendingPerSession = maxPendingPerSession;
    }

    @Override
    public void onFrame(OcppSession session, Direction direction, String text) {
        WireFrame frame = WireFrame.parse(text);
        String action;
        if (frame.isReply()) {
            Direction callDirection = direction == Direction.IN ? Direction.OUT : Direction.IN;
            String known = forget(session, callDirection, frame.messageId());
            action = known != null ? known : NO_ACTION;
        } else {
            action = bucket(session, frame.action());
            remember(session, direction, frame.messageId(), action);
        }
        counts.computeIfAbsent(new Key(direction, frame.typeName(), action), k -> new LongAdder()).increment();
        if (frame.errorCode() != null) {
            errorCount.increment();
            ErrorSeen seen = new ErrorSeen(session.identity(), direction, action,
                    LogSafe.escape(frame.errorCode(), MAX_ERROR_CODE));
            synchronized (errors) {
                if (errors.size() == maxErrors) {
                    errors.removeFirst();
                }
                errors.addLast(seen);
            }
        }
        if (frameLines || frame.errorCode() != null) {
            // A CALL's line names the action as sent (line formatting decides how much of it to show).
            print(line(session, direction, frame,
                    frame.isReply() || frame.action() == null ? action : frame.action(), text));
        }
    }

    private String line(OcppSession session, Direction direction, WireFrame frame, String action, String text) {
        return String.format("%-10s %-9s %s %-10s %-20s %s", LogSafe.escape(session.identity()), session.version(),
                direction == Direction.IN ? "<-" : "->", frame.typeName(), LogSafe.escape(action),
                redactor.forLog(text, MAX_TEXT));
    }

    /** The counter bucket of a CALL's action: the name itself when the version defines it. */
    private static String bucket(OcppSession session, String action) {
        if (action == null) {
            return NO_ACTION;
        }
        ActionCatalog catalog;
        try {
            catalog = Versions.catalog(session.version());
        } catch (IllegalArgumentException otherVersion) {
            return UNKNOWN_ACTION;
        }
        // The catalog's own string would do as well; the peer's copy is as short, being equal to it.
        return catalog.isKnown(action) ? action : UNKNOWN_ACTION;
    }

    private void remember(OcppSession session, Direction direction, String messageId, String action) {
        // A closed session gets no sessionClosed again, so nothing may be added for it after that.
        if (messageId == null || messageId.length() > MAX_MESSAGE_ID || !session.isOpen()) {
            return;
        }
        PendingActions actions = pending.computeIfAbsent(session, s -> new PendingActions(maxPendingPerSession));
        synchronized (actions) {
            actions.put(direction.name().charAt(0) + messageId, action);
        }
        if (!session.isOpen()) {
            // Closed meanwhile: sessionClosed may already have run and would not remove this.
            pending.remove(session);
        }
    }

    private String forget(OcppSession session, Direction callDirection, String messageId) {
        PendingActions actions = messageId == null ? null : pending.get(session);
        if (actions == null) {
            return null;
        }
        synchronized (actions) {
            return actions.remove(callDirection.name().charAt(0) + messageId);
        }
    }

    @Override
    public void sessionOpened(OcppSession session) {
        connectionCount.increment();
        Connection connection = new Connection(session.identity(), session.version().subprotocol());
        synchronized (connections) {
            if (connections.size() == maxConnections) {
                connections.removeFirst();
            }
            connections.addLast(connection);
        }
        print(String.format("%-10s connected with subprotocol %s from %s", LogSafe.escape(session.identity()),
                session.version().subprotocol(), session.connectionInfo().remoteAddress()));
    }

    @Override
    public void sessionClosed(OcppSession session, int code, String reason) {
        String identity = session.identity();
        pending.remove(session);
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

    /** The most recent connections (at most the bound given when made), oldest first. */
    public List<Connection> connections() {
        synchronized (connections) {
            return List.copyOf(connections);
        }
    }

    /** How many connections were seen in all, including those no longer in {@link #connections()}. */
    public long connectionCount() {
        return connectionCount.sum();
    }

    /** The most recent CALLERRORs (at most the bound given when made), oldest first. */
    public List<ErrorSeen> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** How many CALLERRORs were seen in all, including those no longer in {@link #errors()}. */
    public long errorCount() {
        return errorCount.sum();
    }

    /** How many unanswered CALLs have their action remembered, over all open sessions; for tests and monitoring. */
    public int pendingCount() {
        int n = 0;
        for (PendingActions actions : new ArrayList<>(pending.values())) {
            synchronized (actions) {
                n += actions.size();
            }
        }
        return n;
    }

    private void print(String line) {
        if (sink != null) {
            sink.accept(LocalTime.now().format(TIME) + " [" + role + "] " + line);
        }
    }
}
