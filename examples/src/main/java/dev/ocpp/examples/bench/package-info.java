/**
 * The load harness behind the {@code bench} command: the OCPP RPC path against a raw Tyrus echo, each server in its
 * own JVM, driven by the same raw WebSocket clients.
 */
package dev.ocpp.examples.bench;
