/** Pieces the examples share: the transport seam, the version catalogs and the exchange log. */
package dev.ocpp.examples.support;
