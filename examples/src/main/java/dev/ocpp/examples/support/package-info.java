/** Pieces the examples share: the transport seam, payload helpers and the exchange log. */
package dev.ocpp.examples.support;
