package dev.ocpp.examples.station;

/**
 * One simulated charging session as it went on the wire: Authorize, StartTransaction, MeterValues, StopTransaction.
 *
 * @param idTag         the idTag authorized and charged with
 * @param transactionId the id the CSMS gave in StartTransaction
 * @param meterStartWh  the energy register at StartTransaction, Wh
 * @param meterStopWh   the energy register at StopTransaction, Wh
 * @param meterValues   how many MeterValues were sent during the transaction
 * @param stopReason    the reason sent in StopTransaction, as spelled on the wire (Local, Remote, DeAuthorized)
 */
public record ChargingSession(String idTag, int transactionId, int meterStartWh, int meterStopWh, int meterValues,
                              String stopReason) {

    /** The energy charged, Wh. */
    public int energyWh() {
        return meterStopWh - meterStartWh;
    }
}
