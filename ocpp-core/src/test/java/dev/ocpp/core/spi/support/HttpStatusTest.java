package dev.ocpp.core.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reason phrases of upgrade refusals (RFC 9110 §15). */
class HttpStatusTest {

    @Test
    void refusalStatusesHaveTheirRegisteredPhrases() {
        assertThat(HttpStatus.reasonPhrase(401)).isEqualTo("Unauthorized");
        assertThat(HttpStatus.reasonPhrase(404)).isEqualTo("Not Found");
        assertThat(HttpStatus.reasonPhrase(500)).isEqualTo("Internal Server Error");
    }

    @Test
    void otherStatusesGetThePhraseOfTheirClass() {
        assertThat(HttpStatus.reasonPhrase(418)).isEqualTo("Client Error");
        assertThat(HttpStatus.reasonPhrase(599)).isEqualTo("Server Error");
    }
}
