package dev.ocpp.examples.bench;

import picocli.CommandLine.Option;

/**
 * The load side's options, shared by {@code bench} and {@code bench conns}: whether to pin, and how many event-loop
 * threads the load clients get.
 */
final class LoadSideOptions {

    @Option(names = "--no-pin",
            description = "Do not pin the server to CPU 0 and the load to the other CPUs.")
    boolean noPin;

    @Option(names = "--load-threads", defaultValue = "0", paramLabel = "N",
            description = "Event-loop threads of the load clients; 0: one per CPU the load side may use "
                    + "(default: ${DEFAULT-VALUE}).")
    int loadThreads;

    /** Whether the options make sense; the caller reports a usage error otherwise. */
    boolean valid() {
        return loadThreads >= 0;
    }

    /** Why pinning is not applied when the user turned it off, else {@code otherReason} (null: pin). */
    String pinningRefusal(String otherReason) {
        return noPin ? "turned off (--no-pin)" : otherReason;
    }

    /**
     * The load clients' threads; called once pinning is in place, since the CPUs the load side may use are then all
     * this JVM sees.
     */
    int threads() {
        return loadThreads > 0 ? loadThreads : Runtime.getRuntime().availableProcessors();
    }
}
