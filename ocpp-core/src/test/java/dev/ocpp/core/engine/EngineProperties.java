package dev.ocpp.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever text arrives, a session never throws, answers at most once and only as its version allows, never
 * answers a reply, and keeps working for the next valid CALL.
 */
class EngineProperties {

    private static final Set<String> V16_CODES = Set.of("NotImplemented", "NotSupported", "InternalError",
            "ProtocolError", "SecurityError", "FormationViolation", "PropertyConstraintViolation",
            "OccurenceConstraintViolation", "TypeConstraintViolation", "GenericError");
    private static final Set<String> V2_CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::v2Name)
            .collect(Collectors.toSet());

    private static final List<String> SEEDS = List.of(
            "[2,\"id-1\",\"Heartbeat\",{}]",
            "[2,\"id-2\",\"BootNotification\",{\"reason\":\"PowerUp\",\"chargingStation\":{\"model\":\"M\"}}]",
            "[3,\"id-3\",{\"currentTime\":\"2026-01-01T00:00:00Z\"}]",
            "[4,\"id-4\",\"GenericError\",\"desc\",{}]",
            "[5,\"id-5\",\"FormatViolation\",\"\",{}]",
            "[6,\"id-6\",\"NotifyPeriodicEventStream\",{\"data\":[1,2,3]}]");

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("[]{}\",:0123456789-2346ab\\ nul").ofMaxLength(60),
                mutatedFrames());
    }

    @Provide
    Arbitrary<String> mutatedFrames() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        return Combinators.combine(seed, Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 200),
                Arbitraries.chars().with("[]{}\",:0123456789aZ\\ ".toCharArray())).as(EngineProperties::mutate);
    }

    private static String mutate(String s, int kind, int position, char c) {
        int at = position % (s.length() + 1);
        switch (kind) {
            case 0: return s.substring(0, at);                                        // truncate
            case 1: return at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s;   // delete
            case 2: return s.substring(0, at) + c + s.substring(at);                  // insert
            case 3: return s.replaceFirst("^\\[\\d", "[" + (position % 10));         // other type number
            case 4: return s.replaceFirst("\"id-\\d\"", position % 2 == 0 ? "17" : "\"" + "x".repeat(37) + "\"");
            default: return s.replace("{}", position % 2 == 0 ? "[]" : "\"x\"");       // wrong payload type
        }
    }

    @Provide
    Arbitrary<OcppVersion> versions() {
        return Arbitraries.of(OcppVersion.values());
    }

    @Property(tries = 1500)
    void arbitraryInputNeverBreaksTheSessionAndIsAnsweredOnlyAsTheVersionAllows(
            @ForAll("versions") OcppVersion version, @ForAll("anyText") String text) {
        EngineHarness h = new EngineHarness(version, Handlers.builder(ActionCatalog.of(Set.of("Heartbeat")))
                .on("Heartbeat", c -> EngineHarness.obj("{}")).build());

        h.receive(text);
        h.runTasks();
        List<JsonNode> answers = h.takeSent();

        assertThat(answers).hasSizeLessThanOrEqualTo(1);
        Integer inputType = leadingType(text);
        if (inputType != null && (inputType == 3 || inputType == 4 || inputType == 5 || inputType == 6)
                && (version == OcppVersion.OCPP21 || inputType <= 4)) {
            assertThat(answers).as("a reply (or SEND) is never answered").isEmpty();
        }
        for (JsonNode a : answers) {
            assertThat(a.isArray()).isTrue();
            int type = a.get(0).asInt();
            assertThat(type).isIn(3, 4);
            if (type == 4) {
                String code = a.get(2).asText();
                assertThat(code).isIn(version == OcppVersion.OCPP16 ? V16_CODES : V2_CODES);
                if (version == OcppVersion.OCPP16) {
                    assertThat(a.get(1).asText()).as("1.6 has no -1 id").isNotEqualTo("-1");
                } else {
                    assertThat(a.get(1).asText()).as("2.x answers keep the 36-character id rule")
                            .hasSizeLessThanOrEqualTo(36);
                    assertThat(a.get(3).asText()).hasSizeLessThanOrEqualTo(255);
                }
                if (code.equals("MessageTypeNotSupported")) {
                    assertThat(version).isEqualTo(OcppVersion.OCPP201);
                }
            }
        }

        h.receive("[2,\"after\",\"Heartbeat\",{}]");
        h.runTasks();
        JsonNode next = h.takeOnlySent();
        assertThat(next.get(0).asInt()).isEqualTo(3);
        assertThat(next.get(1).asText()).isEqualTo("after");
    }

    /** The message type if the text plainly starts with {@code [<digit>,"}, else null. */
    private static Integer leadingType(String text) {
        if (text.length() > 3 && text.charAt(0) == '[' && Character.isDigit(text.charAt(1)) && text.charAt(2) == ','
                && text.charAt(3) == '"') {
            return text.charAt(1) - '0';
        }
        return null;
    }

    @Property(tries = 200)
    void unknownMessageTypesAreAnsweredOnlyOn201(@ForAll("versions") OcppVersion version,
                                                 @ForAll("unknownTypes") int type) {
        EngineHarness h = new EngineHarness(version, Handlers.none(ActionCatalog.none()));
        h.receive("[" + type + ",\"u1\",\"X\",{}]");
        h.runTasks();
        List<JsonNode> answers = h.takeSent();
        if (version == OcppVersion.OCPP201) {
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0).toString()).startsWith("[4,\"u1\",\"MessageTypeNotSupported\"");
        } else {
            assertThat(answers).isEmpty();
        }
    }

    @Provide
    Arbitrary<Integer> unknownTypes() {
        return Arbitraries.integers().between(-1000, 1000).filter(t -> t < 2 || t > 6);
    }
}
