package dev.ocpp.examples.station;

/**
 * One simulated charging session as it went on the wire: in OCPP 1.6 Authorize, StartTransaction, MeterValues,
 * StopTransaction; in OCPP 2.0.1 Authorize and TransactionEvent Started, Updated, Ended.
 *
 * @param idTag         the idTag (1.6) or idToken (2.0.1) authorized and charged with
 * @param transactionId the transaction's id: from the CSMS's StartTransaction answer (1.6), or the station's own
 *                      (2.0.1)
 * @param meterStartWh  the energy register at the start of the transaction, Wh
 * @param meterStopWh   the energy register at its end, Wh
 * @param meterValues   how many meter samples were sent during the transaction (MeterValues in 1.6,
 *                      TransactionEvent Updated in 2.0.1)
 * @param stopReason    the reason sent at the end, as spelled on the wire (1.6 Local, Remote, DeAuthorized; 2.0.1
 *                      Local, Remote, DeAuthorized, ImmediateReset)
 */
public record ChargingSession(String idTag, String transactionId, int meterStartWh, int meterStopWh, int meterValues,
                              String stopReason) {

    /** The energy charged, Wh. */
    public int energyWh() {
        return meterStopWh - meterStartWh;
    }
}
