package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records the events of one connection and checks the {@link TransportListener} contract as they arrive: one event
 * at a time, {@code onOpen} first, at most one {@code onClosing}, nothing after {@code onClosed}. Checking while the
 * events arrive, not afterwards, is what catches concurrent delivery, which leaves no trace in the final list.
 *
 * <p>Subclasses may override an event to act in it (close inside {@code onOpen}, say) and must call {@code super}.
 */
public class RecordingListener implements TransportListener {

    /** The code and reason of an {@code onClosing} or {@code onClosed}. */
    public record Closed(int code, String reason) {
    }

    /** Completes with the connection at {@code onOpen}. */
    public final CompletableFuture<TransportConnection> opened = new CompletableFuture<>();
    /** Completes at the first {@code onClosing}. */
    public final CompletableFuture<Closed> closing = new CompletableFuture<>();
    /** Completes at {@code onClosed}. */
    public final CompletableFuture<Closed> closed = new CompletableFuture<>();
    /** Completes with the cause of the first {@code onFailure}. */
    public final CompletableFuture<Throwable> firstFailure = new CompletableFuture<>();
    /** Texts received and not yet taken by {@link #nextText()}. */
    public final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    /** Every event so far, in order: {@code open}, {@code text}, {@code closing <code>}, {@code closed <code>}, ... */
    public final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();

    @Override
    public void onOpen(TransportConnection connection) {
        enter("open");
        opened.complete(connection);
        exit();
    }

    @Override
    public void onText(TransportConnection connection, String text) {
        enter("text");
        texts.add(text);
        exit();
    }

    @Override
    public void onClosing(TransportConnection connection, int code, String reason) {
        enter("closing " + code);
        if (closing.isDone()) {
            violations.add("second onClosing");
        }
        closing.complete(new Closed(code, reason));
        exit();
    }

    @Override
    public void onClosed(TransportConnection connection, int code, String reason) {
        enter("closed " + code);
        closed.complete(new Closed(code, reason));
        exit();
    }

    @Override
    public void onFailure(TransportConnection connection, Throwable cause) {
        enter("failure");
        firstFailure.complete(cause);
        exit();
    }

    private void enter(String event) {
        if (inside.incrementAndGet() != 1) {
            violations.add("concurrent delivery of " + event);
        }
        if (closed.isDone()) {
            violations.add(event + " after onClosed");
        }
        boolean first;
        synchronized (events) {
            first = events.isEmpty();
            events.add(event);
        }
        if (first != event.equals("open")) {
            violations.add(first ? event + " before onOpen" : "onOpen was not the first event");
        }
    }

    private void exit() {
        inside.decrementAndGet();
    }

    /** The connection, once {@code onOpen} was called. */
    public TransportConnection awaitOpen() throws Exception {
        return opened.get(Await.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The close code and reason, once {@code onClosed} was called. */
    public Closed awaitClosed() throws Exception {
        return closed.get(Await.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The cause of the first {@code onFailure}, once there was one. */
    public Throwable awaitFailure() throws Exception {
        return firstFailure.get(Await.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next text received, waiting for it if needed. */
    public String nextText() throws InterruptedException {
        String text = texts.poll(Await.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(text).as("a text within " + Await.WAIT).isNotNull();
        return text;
    }

    /** A copy of the events so far. */
    public List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Fails if the {@link TransportListener} contract was broken so far. */
    public void assertContractKept() {
        assertThat(violations).as("contract violations, events " + events()).isEmpty();
    }
}
