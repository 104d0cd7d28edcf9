package dev.ocpp.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.FrameListener;
import dev.ocpp.testkit.VirtualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plan, its matches and frequencies on their own, without a connection. */
class FaultPlanTest {

    private static Frame frame(FrameListener.Direction d, String text, String answeredAction) {
        return Frame.read(d, text, id -> answeredAction);
    }

    @Test
    void planIsImmutableAndListsItsRulesInOrder() {
        FaultPlan empty = FaultPlan.seeded(42);
        FaultPlan one = empty.drop(FrameMatch.results("BootNotification").received(), Frequency.once());
        FaultPlan two = one.refuseHandshakes(404, Frequency.times(2));

        assertThat(empty.describe()).isEmpty();
        assertThat(one.describe()).hasSize(1);
        assertThat(two.describe()).hasSize(2);
        assertThat(two.describe().get(0)).startsWith("rule 1: drop frames [IN] [CALLRESULT] of [BootNotification]");
        assertThat(two.describe().get(1)).isEqualTo("rule 2: refuse handshakes with HTTP 404, the first 2 attempt(s)");
        assertThat(two.seed()).isEqualTo(42);
        assertThat(two.scheduler()).isEmpty();
    }

    @Test
    void badArgumentsAreRefusedWhenThePlanIsBuilt() {
        FaultPlan p = FaultPlan.seeded(1);
        assertThatThrownBy(() -> p.refuseHandshakes(200, Frequency.once()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.delay(FrameMatch.any(), Duration.ZERO, Frequency.always()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.cutAfterFrames(0, Frequency.once())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frequency.probability(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frequency.times(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void framesAreReadWithTheirTypeIdAndAction() {
        Frame call = frame(FrameListener.Direction.OUT, "[2,\"a\",\"Heartbeat\",{}]", null);
        Frame result = frame(FrameListener.Direction.IN, "[3,\"a\",{}]", "Heartbeat");
        Frame error = frame(FrameListener.Direction.IN, "[4,\"a\",\"GenericError\",\"\",{}]", "Heartbeat");
        Frame junk = frame(FrameListener.Direction.IN, "nope", null);

        assertThat(call).extracting(Frame::type, Frame::messageId, Frame::action)
                .containsExactly(Frame.Type.CALL, "a", "Heartbeat");
        assertThat(result.type()).isEqualTo(Frame.Type.CALLRESULT);
        assertThat(result.action()).isEqualTo("Heartbeat");
        assertThat(error.type()).isEqualTo(Frame.Type.CALLERROR);
        assertThat(junk.type()).isEqualTo(Frame.Type.OTHER);
        assertThat(result.withMessageId("b")).isEqualTo("[3,\"b\",{}]");
    }

    @Test
    void matchesNarrowByDirectionTypeAndAction() {
        Frame call = frame(FrameListener.Direction.OUT, "[2,\"a\",\"Heartbeat\",{}]", null);
        Frame result = frame(FrameListener.Direction.IN, "[3,\"a\",{}]", "Heartbeat");

        assertThat(FrameMatch.any().matches(call)).isTrue();
        assertThat(FrameMatch.calls().sent().matches(call)).isTrue();
        assertThat(FrameMatch.calls().received().matches(call)).isFalse();
        assertThat(FrameMatch.calls("Authorize").matches(call)).isFalse();
        assertThat(FrameMatch.results("Heartbeat").received().matches(result)).isTrue();
        assertThat(FrameMatch.answers().action("Heartbeat").matches(result)).isTrue();
        assertThat(FrameMatch.results("Heartbeat").matches(call)).isFalse();
    }

    @Test
    void frequenciesCountMatches() {
        Random r = new Random(1);
        assertThat(Frequency.once().fires(1, r)).isTrue();
        assertThat(Frequency.once().fires(2, r)).isFalse();
        assertThat(Frequency.nth(3).fires(2, r)).isFalse();
        assertThat(Frequency.nth(3).fires(3, r)).isTrue();
        assertThat(Frequency.times(2).fires(2, r)).isTrue();
        assertThat(Frequency.probability(0).fires(1, r)).isFalse();
        assertThat(Frequency.probability(1).fires(1, r)).isTrue();
    }

    @Test
    void skewedClockIsOffsetFromItsBaseAndMovesWithAVirtualClock() {
        Instant start = Instant.parse("2026-03-01T08:00:00Z");
        VirtualClock virtual = new VirtualClock(start);
        Clock skewed = Faults.skewedClock(virtual, Duration.ofMinutes(-5));

        assertThat(skewed.instant()).isEqualTo(start.minusSeconds(300));
        virtual.advance(Duration.ofSeconds(10));
        assertThat(skewed.instant()).isEqualTo(start.minusSeconds(290));
        assertThat(Faults.skewedClock(Clock.fixed(start, ZoneOffset.UTC), Duration.ofHours(1)).instant())
                .isEqualTo(start.plusSeconds(3600));
    }
}
