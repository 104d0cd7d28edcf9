package dev.ocpp.v16.samples;

import dev.ocpp.testkit.schema.Message;
import dev.ocpp.testkit.schema.SchemaSamples;
import dev.ocpp.v16.Ocpp16Action;
import dev.ocpp.v16.Ocpp16Actions;
import dev.ocpp.v16.Ocpp16Validation;
import java.util.ArrayList;
import java.util.List;

/** The OCPP 1.6 schema set for the test kit: this module's 78 message schemas, in registry order. */
public final class Ocpp16Samples {

    /** Samples of the 78 messages, each request before its response. */
    public static final SchemaSamples SAMPLES = SchemaSamples.of(
            // Through the module's own class, so that the files are found on the module path as on the class path.
            path -> Ocpp16Validation.class.getResourceAsStream("schema/" + path), messages());

    private Ocpp16Samples() {
    }

    public static Message request(Ocpp16Action<?, ?> action) {
        return SAMPLES.request(action.name());
    }

    public static Message response(Ocpp16Action<?, ?> action) {
        return SAMPLES.response(action.name());
    }

    private static List<Message> messages() {
        List<Message> out = new ArrayList<>();
        for (Ocpp16Action<?, ?> a : Ocpp16Actions.all()) {
            out.add(Message.request(a.name(), a.requestType()));
            out.add(Message.response(a.name(), a.responseType()));
        }
        return out;
    }
}
