/** Checking logs of OCPP-J frames offline, behind the {@code validate} command. */
package dev.ocpp.examples.validate;
