package dev.ocpp.v201.api;

import static dev.ocpp.v201.api.Ocpp201Fixture.NOW;
import static dev.ocpp.v201.api.Ocpp201Fixture.boot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.GetVariablesRequest;
import dev.ocpp.v201.messages.GetVariablesResponse;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.HeartbeatResponse;
import dev.ocpp.v201.messages.StatusNotificationRequest;
import dev.ocpp.v201.types.Component;
import dev.ocpp.v201.types.GetVariableData;
import dev.ocpp.v201.types.GetVariableResult;
import dev.ocpp.v201.types.GetVariableStatusEnum;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import dev.ocpp.v201.types.Variable;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The OCPP-J 2.0.1 RPC rules as a typed CSMS applies them to what a station sends (Part 4 §4): the 2.0.1 error
 * codes and their spellings, the "-1" id for an unreadable message id, the 255-character description limit, and a
 * connection that keeps working after each refusal.
 */
class RpcRulesTest {

    final InMemoryNetwork net = new InMemoryNetwork();
    Ocpp201Csms csms;
    Ocpp201Fixture.RawStation station;

    @BeforeEach
    void start() throws Exception {
        csms = Ocpp201Csms.builder(net.serverTransport()).port(0).path("/ocpp")
                .on(BootNotificationRequest.class, b -> new BootNotificationResponse()
                        .withStatus(RegistrationStatusEnum.ACCEPTED).withCurrentTime(NOW).withInterval(300))
                .on(HeartbeatRequest.class, hb -> new HeartbeatResponse().withCurrentTime(NOW))
                .on(StatusNotificationRequest.class, sn -> {
                    throw new CallErrorException(ErrorCode.GENERIC_ERROR, "x".repeat(1000));
                })
                .build().start();
        station = new Ocpp201Fixture.RawStation(net, csms.port(), "CS-RAW");
    }

    @AfterEach
    void stop() {
        station.close();
        csms.close();
    }

    /** Answers {@code frame} got, and checks that a valid Heartbeat still gets its answer afterwards. */
    JsonNode refused(String frame) throws Exception {
        JsonNode answer = station.exchange(frame);
        JsonNode heartbeat = station.exchange("[2,\"after\",\"Heartbeat\",{}]");
        assertThat(heartbeat.get(0).asInt()).as("the connection still works").isEqualTo(3);
        return answer;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            required field missing         | [2,"m1","BootNotification",{"reason":"PowerUp"}]                          | OccurrenceConstraintViolation | chargingStation
            wrong JSON type                | [2,"m2","Heartbeat",{"customData":"vendor"}]                               | TypeConstraintViolation       | customData
            string too long                | [2,"m3","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"%s","vendorName":"V"}}] | PropertyConstraintViolation | chargingStation.model
            value not in the enumeration   | [2,"m4","BootNotification",{"reason":"Reboot","chargingStation":{"model":"M","vendorName":"V"}}] | PropertyConstraintViolation | reason
            malformed date-time            | [2,"m5","StatusNotification",{"timestamp":"yesterday","connectorStatus":"Available","evseId":1,"connectorId":1}] | TypeConstraintViolation | timestamp
            property the message lacks     | [2,"m6","Heartbeat",{"beat":1}]                                            | FormatViolation               | beat
            payload not an object          | [2,"m7","Heartbeat",[]]                                                    | FormatViolation               | ''
            """)
    void schemaViolationsGetThe201CodeNamingTheField(String what, String frame, String code, String field)
            throws Exception {
        JsonNode answer = refused(frame.formatted("A".repeat(21)));
        String id = frame.substring(4, frame.indexOf('"', 4));
        assertThat(answer.get(0).asInt()).isEqualTo(4);
        assertThat(answer.get(1).asText()).isEqualTo(id);
        assertThat(answer.get(2).asText()).isEqualTo(code);
        assertThat(answer.get(3).asText()).contains(field);
    }

    @Test
    void unknownActionIsNotImplementedAndAKnownUnhandledOneNotSupported() throws Exception {
        assertThat(refused("[2,\"u1\",\"Teleport\",{}]").get(2).asText()).isEqualTo("NotImplemented");
        assertThat(refused("[2,\"u2\",\"NotifyEvent\",{}]").get(2).asText()).isEqualTo("NotSupported");
        // Action names are case-sensitive.
        assertThat(refused("[2,\"u3\",\"heartbeat\",{}]").get(2).asText()).isEqualTo("NotImplemented");
    }

    @Test
    void unreadableMessageIdIsAnsweredWithIdMinusOne() throws Exception {
        JsonNode answer = refused("[2,{\"id\":1},\"Heartbeat\",{}]");
        assertThat(answer.get(0).asInt()).isEqualTo(4);
        assertThat(answer.get(1).asText()).isEqualTo("-1");
        assertThat(answer.get(2).asText()).isEqualTo("RpcFrameworkError");
    }

    @Test
    void unknownMessageTypeIsAnsweredMessageTypeNotSupported() throws Exception {
        JsonNode answer = refused("[7,\"t1\",\"Heartbeat\",{}]");
        assertThat(answer.get(1).asText()).isEqualTo("t1");
        assertThat(answer.get(2).asText()).isEqualTo("MessageTypeNotSupported");
    }

    @Test
    void errorDescriptionIsCutTo255Characters() throws Exception {
        JsonNode answer = refused("[2,\"d1\",\"StatusNotification\",{\"timestamp\":\"2026-11-21T10:00:00Z\","
                + "\"connectorStatus\":\"Available\",\"evseId\":1,\"connectorId\":1}]");
        assertThat(answer.get(2).asText()).isEqualTo("GenericError");
        assertThat(answer.get(3).asText()).hasSizeLessThanOrEqualTo(255).startsWith("xxx");
    }

    @Test
    void callsMayCrossBothWaysOnOneConnection() throws Exception {
        csms.close();
        // The CSMS asks the station something before it answers the station's BootNotification.
        csms = Ocpp201Csms.builder(net.serverTransport()).port(0).path("/ocpp")
                .onAsync(BootNotificationRequest.class, (boot, ctx) -> csms.call(ctx.session().identity(),
                                new GetVariablesRequest().withGetVariableData(List.of(new GetVariableData()
                                        .withComponent(new Component().withName("ChargingStation"))
                                        .withVariable(new Variable().withName("Model")))))
                        .thenApply(vars -> new BootNotificationResponse().withCurrentTime(NOW).withInterval(300)
                                .withStatus(vars.getGetVariableResult().get(0).getAttributeValue().equals("W2")
                                        ? RegistrationStatusEnum.ACCEPTED : RegistrationStatusEnum.REJECTED)))
                .build().start();
        Ocpp201CsmsSession toCsms = Ocpp201ChargingStation.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + csms.port() + "/ocpp")).identity("CS-X")
                .on(GetVariablesRequest.class, r -> new GetVariablesResponse().withGetVariableResult(List.of(
                        new GetVariableResult().withAttributeStatus(GetVariableStatusEnum.ACCEPTED)
                                .withAttributeValue("W2")
                                .withComponent(r.getGetVariableData().get(0).getComponent())
                                .withVariable(r.getGetVariableData().get(0).getVariable()))))
                .build().connect().get(5, TimeUnit.SECONDS);
        assertThat(toCsms.call(boot()).get(5, TimeUnit.SECONDS).getStatus())
                .isEqualTo(RegistrationStatusEnum.ACCEPTED);
    }
}
