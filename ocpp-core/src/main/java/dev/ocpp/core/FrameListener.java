package dev.ocpp.core;

/**
 * Sees every text message of a session, in and out, exactly as on the wire: for logging, capture and
 * conformance traces. Called on the thread that moves the message (a transport I/O thread for incoming ones), so
 * it must be fast and must not block or throw.
 */
@FunctionalInterface
public interface FrameListener {

    /** Which way a message travelled. */
    enum Direction { IN, OUT }

    void onFrame(OcppSession session, Direction direction, String text);
}
