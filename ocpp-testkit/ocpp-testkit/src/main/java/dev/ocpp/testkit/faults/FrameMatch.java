package dev.ocpp.testkit.faults;

import dev.ocpp.core.FrameListener;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which frames a rule of a {@link FaultPlan} applies to: by direction, message type and action. Immutable; start
 * from a static factory and narrow with the instance methods, each of which returns a new match.
 *
 * <pre>{@code
 * FrameMatch.answers("BootNotification").received()   // the CSMS's answers to the station's BootNotification
 * FrameMatch.calls("Heartbeat").sent()               // the station's Heartbeat CALLs
 * FrameMatch.any()                                   // every frame, both ways
 * }</pre>
 *
 * <p>Directions are the wrapped client's (the station's): {@link #sent()} is station to CSMS, {@link #received()}
 * CSMS to station.
 */
public final class FrameMatch {

    private final Set<FrameListener.Direction> directions;
    private final Set<Frame.Type> types;
    private final Set<String> actions;

    private FrameMatch(Set<FrameListener.Direction> directions, Set<Frame.Type> types, Set<String> actions) {
        this.directions = directions;
        this.types = types;
        this.actions = actions;
    }

    /** Every frame, both ways, malformed ones included. */
    public static FrameMatch any() {
        return new FrameMatch(EnumSet.allOf(FrameListener.Direction.class), EnumSet.allOf(Frame.Type.class), Set.of());
    }

    /** CALLs (message type 2) of any of {@code actions}, or of every action if none is given. */
    public static FrameMatch calls(String... actions) {
        return new FrameMatch(EnumSet.allOf(FrameListener.Direction.class), EnumSet.of(Frame.Type.CALL),
                Set.of(actions));
    }

    /** CALLRESULTs (message type 3) answering CALLs of any of {@code actions}, or of every action if none is given. */
    public static FrameMatch results(String... actions) {
        return new FrameMatch(EnumSet.allOf(FrameListener.Direction.class), EnumSet.of(Frame.Type.CALLRESULT),
                Set.of(actions));
    }

    /** CALLRESULTs and CALLERRORs answering CALLs of any of {@code actions}, or of every action if none is given. */
    public static FrameMatch answers(String... actions) {
        return new FrameMatch(EnumSet.allOf(FrameListener.Direction.class),
                EnumSet.of(Frame.Type.CALLRESULT, Frame.Type.CALLERROR), Set.of(actions));
    }

    /** Frames of the given message types, of every action. */
    public static FrameMatch ofType(Frame.Type first, Frame.Type... more) {
        return new FrameMatch(EnumSet.allOf(FrameListener.Direction.class), EnumSet.of(first, more), Set.of());
    }

    /** This match, narrowed to frames the station sends (station to CSMS). */
    public FrameMatch sent() {
        return new FrameMatch(EnumSet.of(FrameListener.Direction.OUT), types, actions);
    }

    /** This match, narrowed to frames the station receives (CSMS to station). */
    public FrameMatch received() {
        return new FrameMatch(EnumSet.of(FrameListener.Direction.IN), types, actions);
    }

    /** This match, narrowed to frames of any of {@code actions}. */
    public FrameMatch action(String first, String... more) {
        Set<String> a = new java.util.HashSet<>(Set.of(more));
        a.add(Objects.requireNonNull(first, "first"));
        return new FrameMatch(directions, types, Set.copyOf(a));
    }

    /** Whether {@code frame} is one of these. */
    public boolean matches(Frame frame) {
        return directions.contains(frame.direction()) && types.contains(frame.type())
                && (actions.isEmpty() || actions.contains(frame.action()));
    }

    /** Whether only CALLs can match. */
    boolean callsOnly() {
        return types.equals(EnumSet.of(Frame.Type.CALL));
    }

    /** Whether only answers can match. */
    boolean answersOnly() {
        return !types.isEmpty() && !types.contains(Frame.Type.CALL) && !types.contains(Frame.Type.OTHER);
    }

    @Override
    public String toString() {
        return "frames " + directions + " " + types
                + (actions.isEmpty() ? "" : " of " + new java.util.TreeSet<>(actions));
    }
}
