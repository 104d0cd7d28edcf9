/**
 * The durable message store: {@link dev.ocpp.store.DurableMessageStore#open(java.nio.file.Path,
 * dev.ocpp.store.Durability)} gives a {@link dev.ocpp.core.delivery.MessageStore} kept in a directory of its own.
 */
package dev.ocpp.store;
