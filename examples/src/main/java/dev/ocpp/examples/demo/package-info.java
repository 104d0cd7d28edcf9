/** The self-contained demonstration run behind the {@code demo} command. */
package dev.ocpp.examples.demo;
