package dev.ocpp.testkit.assertj;

import dev.ocpp.core.ErrorCode;
import dev.ocpp.testkit.Exchange;
import dev.ocpp.testkit.Journal;
import dev.ocpp.testkit.Role;
import dev.ocpp.testkit.internal.Expectation;
import dev.ocpp.testkit.internal.JsonDiff;
import dev.ocpp.testkit.internal.NearMiss;
import dev.ocpp.testkit.internal.Texts;
import dev.ocpp.v16.Ocpp16Actions;
import dev.ocpp.v201.Ocpp201Actions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Journal}: which CALLs travelled, with what payloads, and how they were answered (OCPP-J 1.6
 * §4, OCPP 2.0.1 Part 4 §4). Obtain one with {@link OcppAssertions#assertThat(Journal)}.
 *
 * <p><b>Who called.</b> A journal belongs to one simulator, its {@link Journal#owner() owner}; the code under test is
 * the other end, the owner's peer. So the plain call assertions ({@link #hasCall(String)},
 * {@link #hasCallMatching(String, String)}, {@link #hasCallCount}, {@link #hasNoCall}) are about CALLs the peer sent:
 * on a mock CSMS's journal, the station under test's CALLs; on a simulated station's, the CSMS under test's.
 * {@link #hasSentCall}, {@link #hasCallFrom} and {@link #hasCallMatching(Role, String, String)} name the caller
 * explicitly. Answer assertions ({@link #hasAnswerMatching}, {@link #hasCallError}) and
 * {@link #containsCallsInOrder} look at CALLs of either side, since the action already tells the direction (all but
 * DataTransfer go one way only).
 *
 * <p><b>When a CALL or answer is missing</b>, the failure message lists the closest exchanges that did travel (same
 * action first, then fewest differing fields), each with the fields that differ:
 * <pre>
 * expected a CALL StatusNotification from STATION matching {"connectorId":1,"status":"Charging"}
 * but none of the 5 exchanges recorded matched
 * closest:
 *   #4 CS-1 StatusNotification: status: expected "Charging" but was "Preparing"
 * </pre>
 * Every failure message ends with the exchanges as a Mermaid sequence diagram
 * ({@link dev.ocpp.testkit.SequenceDiagram}).
 *
 * <p><b>Partial JSON.</b> {@code partialJson} arguments are subsets: the payload must contain every field they name,
 * nested objects likewise, array elements by index; see {@link JsonDiff} for the exact rules.
 *
 * <p>Assertions read the journal when called. {@link #within(Duration)} makes the assertions that look for one
 * exchange wait for it instead, for CALLs that the code under test sends on its own thread.
 */
public final class JournalAssert extends AbstractAssert<JournalAssert, Journal> {

    private static final int MAX_LISTED = 10;

    private final Predicate<Exchange> scope;
    private final String scopeName;
    private final Duration wait;

    JournalAssert(Journal actual) {
        this(actual, e -> true, "", Duration.ZERO);
    }

    private JournalAssert(Journal actual, Predicate<Exchange> scope, String scopeName, Duration wait) {
        super(actual, JournalAssert.class);
        this.scope = scope;
        this.scopeName = scopeName;
        this.wait = wait;
    }

    /** A copy of this assertion with another scope or wait, keeping the description the test gave. */
    private JournalAssert derive(Predicate<Exchange> newScope, String newScopeName, Duration newWait) {
        JournalAssert derived = new JournalAssert(actual, newScope, newScopeName, newWait);
        if (info.hasDescription()) {
            derived.describedAs(info.description());
        }
        return derived;
    }

    // ------------------------------------------------------------------------------------------------ narrowing

    /**
     * Assertions on the exchanges of station {@code identity} only (a CSMS journal holds those of every station
     * connected). {@link #hasNoMalformedFrames()} still covers the whole journal: malformed frames have no
     * reliable exchange to belong to.
     */
    public JournalAssert forStation(String identity) {
        Objects.requireNonNull(identity, "identity");
        isNotNull();
        return derive(scope.and(e -> e.identity().equals(identity)), " for station " + identity, wait);
    }

    /**
     * Makes the assertions that look for one exchange ({@code hasCall...}, {@link #hasAnswerMatching},
     * {@link #hasCallError}) wait up to {@code timeout} for it to be recorded, rather than fail at once. The others
     * (counts, order, absence) still judge the journal as it is when called.
     */
    public JournalAssert within(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        isNotNull();
        return derive(scope, scopeName, timeout);
    }

    // ------------------------------------------------------------------------------------------------ CALLs

    /** A CALL of {@code action} was sent by the peer (the code under test); same as {@link #hasReceivedCall}. */
    public JournalAssert hasCall(String action) {
        return hasReceivedCall(action);
    }

    /**
     * A CALL whose request is of the generated class {@code requestType} (e.g. {@code BootNotificationRequest.class}
     * of {@code dev.ocpp.v16.messages} or {@code dev.ocpp.v201.messages}) was sent by the peer.
     *
     * @throws IllegalArgumentException if {@code requestType} is no OCPP 1.6 or 2.0.1 request class
     */
    public JournalAssert hasCall(Class<?> requestType) {
        return hasReceivedCall(actionOf(requestType));
    }

    /** A CALL of {@code action} was sent by the peer of the journal's owner: received by the simulator. */
    public JournalAssert hasReceivedCall(String action) {
        isNotNull();
        return hasCallFrom(actual.owner().peer(), action);
    }

    /** A CALL of {@code action} was sent by the journal's owner, the simulator itself. */
    public JournalAssert hasSentCall(String action) {
        isNotNull();
        return hasCallFrom(actual.owner(), action);
    }

    /** A CALL of {@code action} was sent by {@code caller}. */
    public JournalAssert hasCallFrom(Role caller, String action) {
        Objects.requireNonNull(caller, "caller");
        return expectOne(Expectation.call(caller, requireAction(action)));
    }

    /**
     * A CALL of {@code action} sent by the peer has a request that contains {@code partialJson}, e.g.
     * {@code hasCallMatching("StatusNotification", "{\"connectorId\":1,\"status\":\"Charging\"}")}.
     */
    public JournalAssert hasCallMatching(String action, String partialJson) {
        isNotNull();
        return hasCallMatching(actual.owner().peer(), action, partialJson);
    }

    /** A CALL of {@code action} sent by {@code caller} has a request that contains {@code partialJson}. */
    public JournalAssert hasCallMatching(Role caller, String action, String partialJson) {
        Objects.requireNonNull(caller, "caller");
        return expectOne(Expectation.call(caller, requireAction(action)).withRequest(JsonDiff.parse(partialJson)));
    }

    /**
     * A CALL of {@code action}, by either side, was answered by a CALLRESULT whose payload contains
     * {@code partialJson}, e.g. {@code hasAnswerMatching("BootNotification", "{\"status\":\"Accepted\"}")}.
     */
    public JournalAssert hasAnswerMatching(String action, String partialJson) {
        return expectOne(Expectation.call(null, requireAction(action)).answeredWith(JsonDiff.parse(partialJson)));
    }

    /**
     * A CALL of {@code action}, by either side, was answered by a CALLERROR with {@code code} in any version's
     * spelling (OCPP-J 1.6 §4.2.3 Table 7, OCPP 2.0.1 Part 4 §4.3 Table 8).
     */
    public JournalAssert hasCallError(String action, ErrorCode code) {
        Objects.requireNonNull(code, "code");
        return expectOne(Expectation.call(null, requireAction(action))
                .failedWith(Reports.label(code), Reports.anySpelling(code)));
    }

    /** A CALL of {@code action}, by either side, was answered by a CALLERROR with exactly the wire code given. */
    public JournalAssert hasCallError(String action, String wireCode) {
        Objects.requireNonNull(wireCode, "wireCode");
        return expectOne(Expectation.call(null, requireAction(action))
                .failedWith(Texts.quote(wireCode), wireCode::equals));
    }

    /** The peer sent exactly {@code expected} CALLs of {@code action}. */
    public JournalAssert hasCallCount(String action, int expected) {
        requireAction(action);
        isNotNull();
        Role peer = actual.owner().peer();
        List<Exchange> seen = seen();
        List<Exchange> calls = seen.stream().filter(e -> e.caller() == peer && e.action().equals(action)).toList();
        if (calls.size() != expected) {
            fail("expected " + expected + " CALL" + (expected == 1 ? "" : "s") + " " + action + " from " + peer
                    + scopeName + " but there " + (calls.size() == 1 ? "was 1" : "were " + calls.size())
                    + listed(calls), seen);
        }
        return myself;
    }

    /** The peer sent no CALL of {@code action}. */
    public JournalAssert hasNoCall(String action) {
        requireAction(action);
        isNotNull();
        Role peer = actual.owner().peer();
        List<Exchange> seen = seen();
        List<Exchange> calls = seen.stream().filter(e -> e.caller() == peer && e.action().equals(action)).toList();
        if (!calls.isEmpty()) {
            fail("expected no CALL " + action + " from " + peer + scopeName + " but there "
                    + (calls.size() == 1 ? "was 1" : "were " + calls.size()) + listed(calls), seen);
        }
        return myself;
    }

    /**
     * CALLs of these actions travelled in this order, by either side; other CALLs may come in between (a
     * subsequence), e.g. {@code containsCallsInOrder("BootNotification", "StatusNotification", "Authorize")}.
     */
    public JournalAssert containsCallsInOrder(String... actions) {
        Objects.requireNonNull(actions, "actions");
        for (String a : actions) {
            requireAction(a);
        }
        isNotNull();
        List<Exchange> seen = seen();
        List<String> matched = new ArrayList<>();
        int at = 0;
        for (String action : actions) {
            Exchange found = null;
            while (at < seen.size() && found == null) {
                Exchange e = seen.get(at++);
                if (e.action().equals(action)) {
                    found = e;
                }
            }
            if (found == null) {
                StringBuilder m = new StringBuilder("expected CALLs in order ").append(List.of(actions))
                        .append(scopeName).append('\n');
                m.append(matched.isEmpty() ? "but found no " : "found " + String.join(", ", matched)
                        + "\nbut after them no ").append(action);
                Optional<Exchange> earlier = seen.stream().filter(e -> e.action().equals(action)).findFirst();
                earlier.ifPresent(e -> m.append(" (there is one earlier, #").append(e.sequence()).append(')'));
                m.append("\nthe CALLs were: ").append(summary(seen));
                fail(m.toString(), seen);
            }
            matched.add(action + " (#" + found.sequence() + ")");
        }
        return myself;
    }

    /** Every CALL, by either side, has been answered, by a CALLRESULT or a CALLERROR. */
    public JournalAssert allAnswered() {
        isNotNull();
        List<Exchange> seen = seen();
        List<Exchange> open = seen.stream().filter(e -> !e.answered()).toList();
        if (!open.isEmpty()) {
            fail("expected every CALL" + scopeName + " to be answered but " + open.size() + " of " + seen.size()
                    + (open.size() == 1 ? " was not" : " were not") + listed(open), seen);
        }
        return myself;
    }

    /**
     * No frame that is not a well-formed CALL, CALLRESULT or CALLERROR travelled (OCPP-J 1.6 §4.1, OCPP 2.0.1 Part 4
     * §4.1 and §4.2.3), on any station: the journal does not know which station a broken frame came from.
     */
    public JournalAssert hasNoMalformedFrames() {
        isNotNull();
        List<String> malformed = actual.malformed();
        if (!malformed.isEmpty()) {
            StringBuilder m = new StringBuilder("expected no malformed frames but there ")
                    .append(malformed.size() == 1 ? "was 1:" : "were " + malformed.size() + ":");
            malformed.stream().limit(NearMiss.MAX_SHOWN)
                    .forEach(t -> m.append("\n  ").append(Texts.cut(t.replaceAll("\\s+", " "), 160)));
            if (malformed.size() > NearMiss.MAX_SHOWN) {
                m.append("\n  (").append(malformed.size() - NearMiss.MAX_SHOWN).append(" more)");
            }
            fail(m.toString(), actual.exchanges());
        }
        return myself;
    }

    /**
     * Assertions on the latest CALL of {@code action} (by either side) in scope, which must exist, e.g.
     * {@code lastCall("Reset").failedWith(ErrorCode.NOT_SUPPORTED)}.
     */
    public ExchangeAssert lastCall(String action) {
        requireAction(action);
        isNotNull();
        List<Exchange> seen = seen();
        List<Exchange> calls = seen.stream().filter(e -> e.action().equals(action)).toList();
        if (calls.isEmpty()) {
            Expectation x = Expectation.call(null, action);
            String near = NearMiss.report(x, seen);
            fail("expected " + x.describe() + scopeName + " but there was none among " + count(seen.size())
                    + (near.isEmpty() ? "" : "\n" + near), seen);
        }
        ExchangeAssert next = new ExchangeAssert(calls.get(calls.size() - 1));
        if (info.hasDescription()) {
            next.describedAs(info.description());
        }
        return next;
    }

    // ------------------------------------------------------------------------------------------------ internals

    private JournalAssert expectOne(Expectation x) {
        isNotNull();
        Optional<Exchange> found;
        try {
            found = actual.await(e -> scope.test(e) && x.matches(e), wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("%s", "interrupted while waiting for " + x.describe());
        }
        if (found.isEmpty()) {
            List<Exchange> seen = seen();
            String near = NearMiss.report(x, seen);
            fail("expected " + x.describe() + "\nbut none of the " + count(seen.size()) + scopeName + " matched"
                    + (wait.isZero() ? "" : " within " + wait) + (near.isEmpty() ? "" : "\n" + near), seen);
        }
        return myself;
    }

    private List<Exchange> seen() {
        return actual.exchanges(scope);
    }

    private void fail(String message, List<Exchange> exchanges) {
        failWithMessage("%s", Reports.withDiagram(message, exchanges));
    }

    private static String count(int n) {
        return n == 1 ? "1 exchange recorded" : n + " exchanges recorded";
    }

    private static String listed(List<Exchange> exchanges) {
        if (exchanges.isEmpty()) {
            return "";
        }
        String lines = exchanges.stream().limit(MAX_LISTED).map(e -> "\n  " + Reports.line(e))
                .collect(Collectors.joining());
        return ":" + lines + (exchanges.size() > MAX_LISTED
                ? "\n  (" + (exchanges.size() - MAX_LISTED) + " more)" : "");
    }

    private static String summary(List<Exchange> exchanges) {
        int max = 30;
        String shown = exchanges.stream().limit(max).map(e -> e.action() + " #" + e.sequence())
                .collect(Collectors.joining(", "));
        if (exchanges.isEmpty()) {
            return "(none)";
        }
        return shown + (exchanges.size() > max ? ", ... (" + (exchanges.size() - max) + " more)" : "");
    }

    private static String requireAction(String action) {
        Objects.requireNonNull(action, "action");
        if (action.isEmpty()) {
            throw new IllegalArgumentException("empty action name");
        }
        return action;
    }

    private static String actionOf(Class<?> requestType) {
        Objects.requireNonNull(requestType, "requestType");
        return Ocpp16Actions.byRequestType(requestType).map(a -> a.name())
                .or(() -> Ocpp201Actions.byRequestType(requestType).map(a -> a.name()))
                .orElseThrow(() -> new IllegalArgumentException(
                        requestType.getName() + " is not the request class of an OCPP 1.6 or 2.0.1 action"));
    }
}
