/**
 * Schema-driven test material: {@link dev.ocpp.testkit.schema.SchemaSamples} for valid payloads and the places to
 * break them, {@link dev.ocpp.testkit.schema.SchemaMutations} for payloads broken in one known place,
 * {@link dev.ocpp.testkit.schema.StructuralSchema} for comparing schema sets with the OCA reference.
 */
package dev.ocpp.testkit.schema;
