/**
 * Pieces the examples share: the transport seam (and a client side whose network can be cut), the version catalogs,
 * the exchange log, and for the security profiles the throw-away PKI and the one-line form of a security event.
 */
package dev.ocpp.examples.support;
