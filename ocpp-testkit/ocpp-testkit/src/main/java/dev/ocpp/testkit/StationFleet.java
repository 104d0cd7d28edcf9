package dev.ocpp.testkit;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.transport.netty.NettyClientTransport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Many {@link SimulatedStation}s of one version against one CSMS endpoint, for load and concurrency tests of a CSMS.
 * The stations are named {@code <prefix>-0001}, {@code <prefix>-0002}, ... and share one transport (the fleet's own
 * {@link NettyClientTransport} unless one is given).
 *
 * <p>{@link #start()} connects them paced: at most {@link Builder#maxBooting(int) maxBooting} (default
 * {@value #DEFAULT_MAX_BOOTING}) at a time are between their start and their accepted BootNotification, so that a
 * fleet does not arrive as one burst; the next starts as soon as one is accepted (or fails). A station the CSMS keeps
 * Pending holds its place until accepted (1.6 §4.2, 2.0.1 B02).
 *
 * <pre>{@code
 * try (StationFleet fleet = StationFleet.builder(OcppVersion.OCPP16, 100).identityPrefix("LOAD")
 *         .endpoint(URI.create("ws://127.0.0.1:" + port + "/ocpp")).build()) {
 *     fleet.start();
 *     fleet.awaitAllAccepted(Duration.ofSeconds(30));
 *     fleet.station(0).plugIn(1).join();   // LOAD-0001
 * }
 * }</pre>
 * Thread-safe.
 */
public final class StationFleet implements AutoCloseable {

    /** How many stations boot at once unless told otherwise. */
    public static final int DEFAULT_MAX_BOOTING = 8;

    private final List<SimulatedStation> stations;
    private final List<CompletableFuture<Void>> accepted;
    private final TransportClientFactory transport;
    private final boolean ownsTransport;
    private final int maxBooting;
    private final CompletableFuture<Void> all;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}: the index of the next station to start. */
    private int next;
    /** Guarded by {@link #lock}. */
    private boolean started;
    /** Guarded by {@link #lock}. */
    private boolean closed;

    private StationFleet(Builder b) {
        this.ownsTransport = b.transport == null;
        this.transport = ownsTransport ? new NettyClientTransport() : b.transport;
        this.maxBooting = b.maxBooting;
        List<SimulatedStation> list = new ArrayList<>(b.size);
        List<CompletableFuture<Void>> futures = new ArrayList<>(b.size);
        try {
            for (int i = 1; i <= b.size; i++) {
                SimulatedStation.Builder sb = SimulatedStation.builder(b.version)
                        .identity(identity(b.prefix, i))
                        .endpoint(b.endpoint)
                        .transport(transport);
                b.settings.accept(sb);
                list.add(sb.build());
                futures.add(new CompletableFuture<>());
            }
        } catch (RuntimeException e) {
            list.forEach(SimulatedStation::close);
            if (ownsTransport) {
                ((NettyClientTransport) transport).close();
            }
            throw e;
        }
        this.stations = List.copyOf(list);
        this.accepted = List.copyOf(futures);
        this.all = CompletableFuture.allOf(accepted.toArray(new CompletableFuture<?>[0]));
    }

    /** A builder of a fleet of {@code size} stations speaking {@code version}. */
    public static Builder builder(OcppVersion version, int size) {
        return new Builder(version, size);
    }

    /** The identity of station number {@code n} (from 1) of a fleet named {@code prefix}. */
    public static String identity(String prefix, int n) {
        return prefix + "-" + String.format(Locale.ROOT, "%04d", n);
    }

    /** The stations, in identity order. */
    public List<SimulatedStation> stations() {
        return stations;
    }

    /** The station at {@code index}, counted from 0: {@code station(0)} is {@code <prefix>-0001}. */
    public SimulatedStation station(int index) {
        return stations.get(index);
    }

    /** How many stations the fleet has. */
    public int size() {
        return stations.size();
    }

    /**
     * Starts the stations, paced (see the class notes), and returns at once. The future completes when every
     * station's boot was accepted, or exceptionally with the first station's failure.
     *
     * @throws IllegalStateException if the fleet was started or closed already
     */
    public CompletableFuture<Void> start() {
        synchronized (lock) {
            if (closed || started) {
                throw new IllegalStateException(closed ? "the fleet is closed" : "the fleet was started already");
            }
            started = true;
        }
        for (int i = 0; i < Math.min(maxBooting, stations.size()); i++) {
            startNext();
        }
        return all.copy();
    }

    /** How many stations have had their boot accepted so far. */
    public int acceptedCount() {
        return (int) accepted.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
    }

    /**
     * Waits until every station's boot was accepted.
     *
     * @throws AssertionError        if that did not happen within {@code timeout} (naming the stations still
     *                               waiting) or a station failed to start
     * @throws IllegalStateException if the fleet was not started
     */
    public void awaitAllAccepted(Duration timeout) throws InterruptedException {
        synchronized (lock) {
            if (!started) {
                throw new IllegalStateException("start() the fleet first");
            }
        }
        try {
            all.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            List<String> waiting = new ArrayList<>();
            for (int i = 0; i < stations.size(); i++) {
                if (!accepted.get(i).isDone()) {
                    waiting.add(stations.get(i).identity());
                }
            }
            throw new AssertionError(acceptedCount() + " of " + stations.size() + " stations accepted within "
                    + timeout + "; still waiting: " + waiting);
        } catch (ExecutionException e) {
            throw new AssertionError("a station of the fleet failed to start: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Closes every station, then the transport the fleet made for itself. Futures of stations not yet accepted
     * complete exceptionally. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (SimulatedStation s : stations) {
            s.close();
        }
        IllegalStateException gone = new IllegalStateException("the fleet was closed");
        accepted.forEach(f -> f.completeExceptionally(gone));
        if (ownsTransport) {
            ((NettyClientTransport) transport).close();
        }
    }

    private void startNext() {
        int i;
        synchronized (lock) {
            if (closed || next >= stations.size()) {
                return;
            }
            i = next++;
        }
        CompletableFuture<Void> boot;
        try {
            boot = stations.get(i).start();
        } catch (RuntimeException e) {
            boot = CompletableFuture.failedFuture(e);
        }
        boot.whenComplete((v, e) -> {
            if (e != null) {
                accepted.get(i).completeExceptionally(e);
            } else {
                accepted.get(i).complete(null);
            }
            startNext();
        });
    }

    /** Builds a {@link StationFleet}; the endpoint is required. */
    public static final class Builder {
        private final OcppVersion version;
        private final int size;
        private String prefix = "SIM";
        private URI endpoint;
        private TransportClientFactory transport;
        private int maxBooting = DEFAULT_MAX_BOOTING;
        private Consumer<SimulatedStation.Builder> settings = b -> { };

        private Builder(OcppVersion version, int size) {
            this.version = Objects.requireNonNull(version, "version");
            if (size < 1) {
                throw new IllegalArgumentException("a fleet has at least one station: " + size);
            }
            this.size = size;
        }

        /** The identities' prefix: stations are {@code <prefix>-0001} and so on. Default {@code SIM}. */
        public Builder identityPrefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** The CSMS endpoint without the identity (required). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * The transport all stations connect with, which stays the caller's to close (after the fleet). Default: a
         * {@link NettyClientTransport} of the fleet's own, closed by {@link StationFleet#close()}.
         */
        public Builder transport(TransportClientFactory transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** How many stations may be booting at once; default {@value StationFleet#DEFAULT_MAX_BOOTING}. */
        public Builder maxBooting(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxBooting must be positive: " + max);
            }
            this.maxBooting = max;
            return this;
        }

        /**
         * Further settings for every station (connectors, clock, call timeout, vendor, ...), applied to each
         * station's builder after its identity, endpoint and transport.
         */
        public Builder stations(Consumer<SimulatedStation.Builder> settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The fleet, not yet started.
         *
         * @throws IllegalStateException if the endpoint is missing
         */
        public StationFleet build() {
            if (endpoint == null) {
                throw new IllegalStateException("endpoint is required");
            }
            return new StationFleet(this);
        }
    }
}
