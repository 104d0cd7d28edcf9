package dev.ocpp.examples.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StationIdsTest {

    @Test
    void oneStationKeepsTheIdentityAsGiven() {
        assertThat(StationIds.expand("CP001", 1)).containsExactly("CP001");
        assertThat(StationIds.expand("Station", 1)).containsExactly("Station");
    }

    @Test
    void trailingDigitsAreCountedUpKeepingTheirWidth() {
        assertThat(StationIds.expand("CP001", 3)).containsExactly("CP001", "CP002", "CP003");
        assertThat(StationIds.expand("CP098", 3)).containsExactly("CP098", "CP099", "CP100");
    }

    @Test
    void aNumberWiderThanTheDigitsJustGrows() {
        assertThat(StationIds.expand("CP9", 3)).containsExactly("CP9", "CP10", "CP11");
    }

    @Test
    void anIdentityWithoutTrailingDigitsGetsANumberAppended() {
        assertThat(StationIds.expand("CP", 3)).containsExactly("CP1", "CP2", "CP3");
    }

    @Test
    void aCountBelowOneIsRefused() {
        assertThatThrownBy(() -> StationIds.expand("CP001", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
