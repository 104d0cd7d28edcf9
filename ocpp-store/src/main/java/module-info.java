/**
 * A {@link dev.ocpp.core.delivery.MessageStore} on disk: the station keeps its queued transaction messages and their
 * state through kill -9 and, with {@link dev.ocpp.store.Durability#SYNC}, power loss (OCPP 1.6 §3.7, OCPP 2.0.1
 * E04). Only {@code dev.ocpp.store} is API; the embedded database behind it is an implementation detail.
 */
module dev.ocpp.store {
    requires transitive dev.ocpp.core;
    requires java.sql;
    requires org.xerial.sqlitejdbc;

    exports dev.ocpp.store;
}
