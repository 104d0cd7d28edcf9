package dev.ocpp.store;

/**
 * What a {@link DurableMessageStore#apply} has survived when it returns. Either way a change is atomic: after a crash
 * the store holds all of it or none of it, and opens.
 */
public enum Durability {

    /**
     * Every change is forced to the storage device (fsync) before {@code apply} returns: it survives the process being
     * killed and the station losing power. The one to use for transaction messages, which OCPP requires to be kept
     * until delivered (OCPP 1.6 §3.7, OCPP 2.0.1 E04); costs a device flush per change.
     */
    SYNC,

    /**
     * Every change is handed to the operating system before {@code apply} returns, and forced to the device only now
     * and then: it survives the process being killed (kill -9, a crash of the JVM), but the last changes before a power
     * loss or an operating-system crash may be lost (the store still opens, holding an earlier state). Much cheaper
     * per change on flash storage; for stations whose power supply is backed up.
     */
    PROCESS
}
