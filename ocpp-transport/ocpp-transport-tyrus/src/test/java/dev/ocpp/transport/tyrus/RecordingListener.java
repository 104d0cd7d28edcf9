package dev.ocpp.transport.tyrus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records a connection's events and checks the {@link TransportListener} contract as they arrive. */
class RecordingListener implements TransportListener {

    static final Duration WAIT = Duration.ofSeconds(10);

    record Closed(int code, String reason) {
    }

    final CompletableFuture<TransportConnection> opened = new CompletableFuture<>();
    final CompletableFuture<Closed> closing = new CompletableFuture<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    final CompletableFuture<Throwable> firstFailure = new CompletableFuture<>();
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();

    @Override
    public void onOpen(TransportConnection connection) {
        enter("open");
        if (events.size() != 1) {
            violations.add("onOpen was not the first event: " + events);
        }
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
        enter("failure " + cause);
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
        if (!event.equals("open") && events.isEmpty()) {
            violations.add(event + " before onOpen");
        }
        events.add(event);
    }

    private void exit() {
        inside.decrementAndGet();
    }

    TransportConnection awaitOpen() throws Exception {
        return opened.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    Closed awaitClosed() throws Exception {
        return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    String nextText() throws InterruptedException {
        String text = texts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(text).as("a text within " + WAIT).isNotNull();
        return text;
    }

    /** The contract of {@link TransportListener} held so far. */
    void assertContractKept() {
        assertThat(violations).as("contract violations, events " + events).isEmpty();
    }
}
