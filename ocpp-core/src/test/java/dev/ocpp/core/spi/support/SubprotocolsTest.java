package dev.ocpp.core.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Subprotocol agreement as OCPP-J §3.1.2 and RFC 6455 §4.2.2 describe it. */
class SubprotocolsTest {

    @Test
    void clientsFirstSupportedOfferWinsWhateverTheServersOrder() {
        assertThat(Subprotocols.select(List.of("ocpp2.1", "ocpp2.0.1", "ocpp1.6"), List.of("ocpp1.6", "ocpp2.0.1")))
                .contains("ocpp2.0.1");
        assertThat(Subprotocols.select(List.of("ocpp1.6", "ocpp2.0.1"), Set.of("ocpp2.0.1", "ocpp1.6")))
                .contains("ocpp1.6");
    }

    @Test
    void noSupportedOfferAgreesOnNothing() {
        assertThat(Subprotocols.select(List.of("ocpp1.5", "OCPP1.6"), List.of("ocpp1.6"))).isEmpty();
        assertThat(Subprotocols.select(List.of(), List.of("ocpp1.6"))).isEmpty();
    }

    @Test
    void headerIsFoundWhateverItsCaseAndEmptyOrMissingValuesAreSkipped() {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("SEC-WEBSOCKET-PROTOCOL", Arrays.asList(" , ocpp2.0.1", null, ""));
        headers.put("Host", List.of("example.org"));

        assertThat(Subprotocols.offered(headers)).containsExactly("ocpp2.0.1");
    }
}
