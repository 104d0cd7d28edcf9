/**
 * The {@code ocpp-examples} command line (picocli): {@code csms}, {@code station}, {@code demo}, {@code pki},
 * {@code validate} and {@code bench}.
 * Option names are a contract; new options and subcommands may be added, existing ones are not changed.
 */
package dev.ocpp.examples.cli;
