package dev.ocpp.examples.station;

/**
 * How a station's transaction messages queued while it had no connection fared, as its delivery listener counted
 * them. Counts are since the station was made, except {@code pending}, which is the number still queued now.
 *
 * @param queuedOffline    messages queued while the station was disconnected
 * @param deliveredOffline of those, how many the CSMS answered
 * @param discardedOffline of those, how many the queue gave up (after its attempts, or to make room)
 * @param pending          of those, how many are still queued
 */
public record DeliveryTally(int queuedOffline, int deliveredOffline, int discardedOffline, int pending) {

    /** Messages queued offline that are neither delivered nor still queued: discarded, or gone unexplained. */
    public int lost() {
        return queuedOffline - deliveredOffline - pending;
    }

    /** What happened after {@code earlier} was taken: the counts' differences, and the messages pending now. */
    public DeliveryTally since(DeliveryTally earlier) {
        return new DeliveryTally(queuedOffline - earlier.queuedOffline, deliveredOffline - earlier.deliveredOffline,
                discardedOffline - earlier.discardedOffline, pending);
    }

    /** The sum of two stations' tallies. */
    public DeliveryTally plus(DeliveryTally other) {
        return new DeliveryTally(queuedOffline + other.queuedOffline, deliveredOffline + other.deliveredOffline,
                discardedOffline + other.discardedOffline, pending + other.pending);
    }
}
