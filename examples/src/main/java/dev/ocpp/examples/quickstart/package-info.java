/**
 * The smallest typed CSMS and the smallest typed station of each OCPP version, as the root README shows them: the
 * region between {@code // tag::snippet[]} and {@code // end::snippet[]} of each class is the README's code block,
 * word for word, which {@code ReadmeSnippetsTest} checks and runs.
 */
package dev.ocpp.examples.quickstart;
