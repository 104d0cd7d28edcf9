package dev.ocpp.testkit.assertj;

import dev.ocpp.testkit.Exchange;
import dev.ocpp.testkit.Journal;

/**
 * The entry point of the testkit's AssertJ assertions: {@code import static
 * dev.ocpp.testkit.assertj.OcppAssertions.assertThat;} next to AssertJ's own {@code Assertions.assertThat} (Java
 * picks the overload by argument type).
 *
 * <pre>{@code
 * assertThat(csms.journal()).forStation("CS-1")
 *         .hasCallMatching("StatusNotification", "{\"connectorId\":1,\"status\":\"Charging\"}")
 *         .hasAnswerMatching("BootNotification", "{\"status\":\"Accepted\"}")
 *         .allAnswered();
 * }</pre>
 */
public final class OcppAssertions {

    private OcppAssertions() {
    }

    /** Assertions on every exchange {@code journal} holds. */
    public static JournalAssert assertThat(Journal journal) {
        return new JournalAssert(journal);
    }

    /** Assertions on one CALL and its answer. */
    public static ExchangeAssert assertThat(Exchange exchange) {
        return new ExchangeAssert(exchange);
    }
}
