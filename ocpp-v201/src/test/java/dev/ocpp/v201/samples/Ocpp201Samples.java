package dev.ocpp.v201.samples;

import dev.ocpp.testkit.schema.Message;
import dev.ocpp.testkit.schema.SchemaSamples;
import dev.ocpp.v201.Ocpp201Action;
import dev.ocpp.v201.Ocpp201Actions;
import dev.ocpp.v201.Ocpp201Validation;
import java.util.ArrayList;
import java.util.List;

/** The OCPP 2.0.1 schema set for the test kit: this module's 128 message schemas, in registry order. */
public final class Ocpp201Samples {

    /** Samples of the 128 messages, each request before its response. */
    public static final SchemaSamples SAMPLES = SchemaSamples.of(
            // Through the module's own class, so that the files are found on the module path as on the class path.
            path -> Ocpp201Validation.class.getResourceAsStream("schema/" + path), messages());

    private Ocpp201Samples() {
    }

    public static Message request(Ocpp201Action<?, ?> action) {
        return SAMPLES.request(action.name());
    }

    public static Message response(Ocpp201Action<?, ?> action) {
        return SAMPLES.response(action.name());
    }

    private static List<Message> messages() {
        List<Message> out = new ArrayList<>();
        for (Ocpp201Action<?, ?> a : Ocpp201Actions.all()) {
            out.add(Message.request(a.name(), a.requestType()));
            out.add(Message.response(a.name(), a.responseType()));
        }
        return out;
    }
}
