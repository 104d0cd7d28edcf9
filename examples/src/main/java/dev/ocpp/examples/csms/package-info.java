/** The example CSMS: an {@link dev.ocpp.core.OcppServer} answering Boot, Heartbeat and Status for 1.6 and 2.0.1. */
package dev.ocpp.examples.csms;
