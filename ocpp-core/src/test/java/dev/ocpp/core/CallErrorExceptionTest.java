package dev.ocpp.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ocpp.core.frame.Frame;
import org.junit.jupiter.api.Test;

/** A received CALLERROR's peer text is kept exactly for code but escaped and cut in the exception message. */
class CallErrorExceptionTest {

    @Test
    void messageOfAReceivedErrorEscapesAndCutsThePeersCodeAndDescription() {
        String code = "Bogus\n" + "C".repeat(10_000);
        String description = "line one\nforged line" + "d".repeat(1_000_000);

        CallErrorException e = CallErrorException.received(new Frame.CallError("1", code, description,
                JsonNodeFactory.instance.objectNode()));

        assertThat(e.getMessage()).hasSizeLessThan(400).doesNotContain("\n").startsWith("Bogus\\nCCC")
                .contains("line one\\nforged line");
        assertThat(e.wireCode()).isEqualTo(code);
        assertThat(e.description()).isEqualTo(description);
        assertThat(e.code()).isEqualTo(ErrorCode.GENERIC_ERROR);
    }

    @Test
    void messageOfAnErrorRaisedByAHandlerIsItsOwnText() {
        CallErrorException e = new CallErrorException(ErrorCode.NOT_SUPPORTED, "no such connector");

        assertThat(e.getMessage()).isEqualTo("NotSupported: no such connector");
    }
}
