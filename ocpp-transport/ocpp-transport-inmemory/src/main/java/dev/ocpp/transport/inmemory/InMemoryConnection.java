package dev.ocpp.transport.inmemory;

import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.support.Utf8;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * One end of an in-memory connection. Events for this end run on its own single thread, in order; text sent by
 * the peer is queued onto that thread, so {@link #sendText(String)} never blocks and never runs the receiver's code.
 */
public final class InMemoryConnection implements TransportConnection {

    private final ConnectionInfo info;
    private final ExecutorService io;
    private final int maxMessageSize;
    private InMemoryConnection peer;
    /** Set once on this end's I/O thread before any other event. */
    private volatile TransportListener listener;
    /** Guarded by {@code this}: false once closing started. */
    private boolean open = true;
    /** Only touched on this end's I/O thread. */
    private boolean closedDelivered;

    InMemoryConnection(ConnectionInfo info, String threadName, int maxMessageSize) {
        this.info = info;
        this.maxMessageSize = maxMessageSize;
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    static void link(InMemoryConnection a, InMemoryConnection b) {
        a.peer = b;
        b.peer = a;
    }

    void open(java.util.concurrent.CountDownLatch gate, Supplier<TransportListener> listenerSupplier,
              Runnable afterOpen) {
        run(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                TransportListener l = listenerSupplier.get();
                listener = l;
                l.onOpen(this);
            } finally {
                // Even if opening threw, the other end must not wait for ever.
                afterOpen.run();
            }
        });
    }

    @Override
    public ConnectionInfo info() {
        return info;
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        synchronized (this) {
            if (!open) {
                return CompletableFuture.failedFuture(new IOException("Connection is closed"));
            }
        }
        peer.receive(text);
        return CompletableFuture.completedFuture(null);
    }

    private void receive(String text) {
        run(() -> {
            if (closedDelivered) {
                return;
            }
            if (Utf8.exceeds(text, maxMessageSize)) {
                // The listener contract counts an oversize message as a failure, reported before the close, as a
                // socket transport does; the engine relies on onFailure to tell it from an orderly close.
                listener.onFailure(this, new IOException("Incoming message larger than " + maxMessageSize + " bytes"));
                closeBoth(1009, "Message too big");
                return;
            }
            listener.onText(this, text);
        });
    }

    @Override
    public void close(int code, String reason) {
        closeBoth(code, reason);
    }

    @Override
    public void abort() {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
        }
        peer.markClosed();
        deliverClosed(1006, "Aborted");
        peer.deliverClosed(1006, "Connection dropped by peer");
    }

    private void closeBoth(int code, String reason) {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
        }
        peer.markClosed();
        peer.run(() -> {
            if (!peer.closedDelivered) {
                peer.listener.onClosing(peer, code, reason);
            }
        });
        peer.deliverClosed(code, reason);
        deliverClosed(code, reason);
    }

    private synchronized void markClosed() {
        open = false;
    }

    private void deliverClosed(int code, String reason) {
        run(() -> {
            if (closedDelivered) {
                return;
            }
            closedDelivered = true;
            TransportListener l = listener;
            if (l != null) {
                l.onClosed(this, code, reason);
            }
            io.shutdown();
        });
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    private void run(Runnable event) {
        try {
            io.execute(event);
        } catch (RejectedExecutionException e) {
            // This end is closed and its thread gone: later events have nobody to go to.
        }
    }

    @Override
    public String toString() {
        return "InMemoryConnection[" + info.identity() + "]";
    }
}
