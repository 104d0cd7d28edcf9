package dev.ocpp.v201;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.testkit.schema.ReferenceSchemas;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The registry of the 64 OCPP 2.0.1 actions agrees with the reference schema folder, with Part 2's split of who
 * initiates what, and with the interfaces the generated classes implement.
 */
class Ocpp201ActionsTest {

    @Test
    void catalogHolds64Actions() {
        assertThat(Ocpp201Actions.ALL).hasSize(64);
        assertThat(Ocpp201Actions.all()).hasSize(64);
        assertThat(Ocpp201Actions.CATALOG.isKnown("TransactionEvent")).isTrue();
        assertThat(Ocpp201Actions.CATALOG.isKnown("StartTransaction")).isFalse();
    }

    @Test
    void namesAreUniqueCaseSensitiveAndFoundByNameAndByRequestClass() {
        assertThat(Ocpp201Actions.all().stream().map(Ocpp201Action::name).collect(Collectors.toSet()))
                .isEqualTo(Ocpp201Actions.ALL);
        for (Ocpp201Action<?, ?> a : Ocpp201Actions.all()) {
            assertThat(Ocpp201Actions.byName(a.name())).containsSame(a);
            assertThat(Ocpp201Actions.byRequestType(a.requestType())).containsSame(a);
        }
        assertThat(Ocpp201Actions.byName("bootNotification")).isEmpty();
        assertThat(Ocpp201Actions.byName("BootNotificationRequest")).isEmpty();
        assertThat(Ocpp201Actions.byRequestType(dev.ocpp.v201.messages.BootNotificationResponse.class)).isEmpty();
    }

    @Test
    void catalogMatchesTheReferenceSchemaFolder() throws IOException {
        Path reference = ReferenceSchemas.require("v201", "the registry's comparison with the reference folder");
        Set<String> files;
        try (Stream<Path> list = Files.list(reference)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .collect(Collectors.toSet());
        }
        assertThat(files).hasSize(128);
        assertThat(names(n -> n.endsWith("Request.json"), files, "Request.json"))
                .containsExactlyInAnyOrderElementsOf(Ocpp201Actions.ALL);
        assertThat(names(n -> n.endsWith("Response.json"), files, "Response.json"))
                .containsExactlyInAnyOrderElementsOf(Ocpp201Actions.ALL);
    }

    @Test
    void stationInitiates24CsmsInitiates39AndDataTransferGoesBothWays() {
        assertThat(Ocpp201Actions.all().stream()
                .filter(a -> a.direction() == Ocpp201Action.Direction.CHARGING_STATION_TO_CSMS)).hasSize(24);
        assertThat(Ocpp201Actions.all().stream()
                .filter(a -> a.direction() == Ocpp201Action.Direction.CSMS_TO_CHARGING_STATION)).hasSize(39);
        assertThat(Ocpp201Actions.all().stream().filter(a -> a.direction() == Ocpp201Action.Direction.BOTH))
                .singleElement().satisfies(a -> {
                    assertThat(a.name()).isEqualTo("DataTransfer");
                    assertThat(a.sentByChargingStation()).isTrue();
                    assertThat(a.sentByCsms()).isTrue();
                });
        assertThat(Ocpp201Actions.byName("BootNotification").orElseThrow().sentByCsms()).isFalse();
        assertThat(Ocpp201Actions.byName("Reset").orElseThrow().sentByChargingStation()).isFalse();
    }

    @Test
    void everyFunctionalBlockFromAToPHasAnActionAndTheListIsInBlockOrder() {
        Set<FunctionalBlock> used = EnumSet.noneOf(FunctionalBlock.class);
        Ocpp201Actions.all().forEach(a -> used.add(a.block()));
        assertThat(used).containsExactlyInAnyOrder(FunctionalBlock.values());
        assertThat(Arrays.stream(FunctionalBlock.values()).map(FunctionalBlock::letter).toList())
                .containsExactly('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P');
        assertThat(Ocpp201Actions.all()).extracting(a -> a.block().letter()).isSorted();
        assertThat(Ocpp201Actions.byName("DataTransfer").orElseThrow().block())
                .isEqualTo(FunctionalBlock.P_DATA_TRANSFER);
    }

    @Test
    void requestClassesImplementTheInterfaceOfTheirDirectionWithTheirResponseType() {
        for (Ocpp201Action<?, ?> a : Ocpp201Actions.all()) {
            assertThat(FromChargingStation.class.isAssignableFrom(a.requestType())).as("%s from a station", a.name())
                    .isEqualTo(a.sentByChargingStation());
            assertThat(FromCsms.class.isAssignableFrom(a.requestType())).as("%s from a CSMS", a.name())
                    .isEqualTo(a.sentByCsms());
            for (Type t : a.requestType().getGenericInterfaces()) {
                if (t instanceof ParameterizedType p) {
                    assertThat(p.getActualTypeArguments()).as("%s answered by", a.name())
                            .containsExactly(a.responseType());
                }
            }
        }
    }

    @Test
    void responseClassesImplementOcpp201ResponseAndNoRequestInterface() {
        for (Ocpp201Action<?, ?> a : Ocpp201Actions.all()) {
            assertThat(Ocpp201Response.class.isAssignableFrom(a.responseType())).as(a.name()).isTrue();
            assertThat(Ocpp201Request.class.isAssignableFrom(a.responseType())).as(a.name()).isFalse();
        }
    }

    @Test
    void classesAreNamedAfterTheMessage() {
        for (Ocpp201Action<?, ?> a : Ocpp201Actions.all()) {
            assertThat(a.requestType().getName()).isEqualTo("dev.ocpp.v201.messages." + a.name() + "Request");
            assertThat(a.responseType().getName()).isEqualTo("dev.ocpp.v201.messages." + a.name() + "Response");
        }
    }

    private static Set<String> names(Predicate<String> which, Set<String> files, String suffix) {
        return files.stream().filter(which).map(n -> n.substring(0, n.length() - suffix.length()))
                .collect(Collectors.toSet());
    }
}
