/**
 * The load harness behind the {@code bench} command: the typed OCPP RPC path on Tyrus and on Netty against raw
 * Netty and Tyrus echoes, each server in its own (pinned, where possible) JVM, driven by the same raw Netty
 * WebSocket clients; {@code bench conns} for memory per idle connection; and the {@code bench-store} benchmark.
 */
package dev.ocpp.examples.bench;
