package dev.ocpp.v201;

/**
 * The functional blocks OCPP 2.0.1 Part 2 sorts its use cases into, A to P; each action belongs to the block whose
 * use cases define it.
 */
public enum FunctionalBlock {
    A_SECURITY('A', "Security"),
    B_PROVISIONING('B', "Provisioning"),
    C_AUTHORIZATION('C', "Authorization"),
    D_LOCAL_AUTHORIZATION_LIST_MANAGEMENT('D', "LocalAuthorizationListManagement"),
    E_TRANSACTIONS('E', "Transactions"),
    F_REMOTE_CONTROL('F', "RemoteControl"),
    G_AVAILABILITY('G', "Availability"),
    H_RESERVATION('H', "Reservation"),
    I_TARIFF_AND_COST('I', "TariffAndCost"),
    J_METER_VALUES('J', "MeterValues"),
    K_SMART_CHARGING('K', "SmartCharging"),
    L_FIRMWARE_MANAGEMENT('L', "FirmwareManagement"),
    M_ISO15118_CERTIFICATE_MANAGEMENT('M', "ISO15118CertificateManagement"),
    N_DIAGNOSTICS('N', "Diagnostics"),
    O_DISPLAY_MESSAGE('O', "DisplayMessage"),
    P_DATA_TRANSFER('P', "DataTransfer");

    private final char letter;
    private final String title;

    FunctionalBlock(char letter, String title) {
        this.letter = letter;
        this.title = title;
    }

    /** The block's letter, as in use-case ids such as B01. */
    public char letter() {
        return letter;
    }

    /** The block's name as Part 2 writes it, without spaces. */
    public String title() {
        return title;
    }
}
