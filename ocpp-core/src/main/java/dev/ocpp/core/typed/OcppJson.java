package dev.ocpp.core.typed;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ocpp.core.internal.SharedResources;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * The Jackson set-up that binds OCPP payloads to the generated message classes.
 *
 * <p>Date-times ({@code format: date-time}, RFC 3339) are {@link OffsetDateTime}s that keep the offset they were
 * sent with, and are written with seconds always present, the fraction only as long as needed and {@code Z} for
 * UTC, e.g. {@code 2025-03-01T12:00:00Z} or {@code 2025-03-01T14:00:00.25+02:00}. Jackson's default would drop
 * zero seconds ({@code 12:00Z}), which RFC 3339 does not allow and chargers reject. Absent (null) fields are left
 * out, as OCPP 2.0.1 Part 4 §4.1.5 requires. Unknown properties are skipped in binding; whether they are allowed
 * at all is the validator's decision, made before binding.
 */
public final class OcppJson {

    private static final DateTimeFormatter WRITE = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT);

    private static final ObjectMapper MAPPER = newMapper();

    private OcppJson() {
    }

    /** The shared mapper; thread-safe, do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A new mapper configured like {@link #mapper()}, for callers that want to add their own modules. */
    public static ObjectMapper newMapper() {
        SimpleModule dates = new SimpleModule("ocpp-date-time");
        dates.addSerializer(OffsetDateTime.class, new DateTimeWriter());
        dates.addDeserializer(OffsetDateTime.class, new DateTimeReader());
        return SharedResources.newMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(dates)
                // An unset field is left out (never "null"); but a null a vendor put inside customData or DataTransfer
                // data is content, and goes out as it came in.
                .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                        JsonInclude.Include.ALWAYS))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Formats a date-time the way this library writes it on the wire. */
    public static String format(OffsetDateTime time) {
        return WRITE.format(time);
    }

    /**
     * Parses an RFC 3339 date-time. Lower-case {@code t} and {@code z}, and a space between date and time, are
     * accepted as RFC 3339 §5.6 allows. A leap second ({@code :60}) cannot be held by {@link OffsetDateTime} and
     * is refused.
     */
    public static OffsetDateTime parse(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.length() > 10 && upper.charAt(10) == ' ') {
            upper = upper.substring(0, 10) + 'T' + upper.substring(11);
        }
        return OffsetDateTime.parse(upper, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static final class DateTimeWriter extends JsonSerializer<OffsetDateTime> {
        @Override
        public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
            gen.writeString(WRITE.format(value));
        }
    }

    private static final class DateTimeReader extends JsonDeserializer<OffsetDateTime> {
        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (OffsetDateTime) ctx.handleUnexpectedToken(OffsetDateTime.class, p);
            }
            String text = p.getText();
            try {
                return parse(text);
            } catch (DateTimeParseException e) {
                return (OffsetDateTime) ctx.handleWeirdStringValue(OffsetDateTime.class, text,
                        "not an RFC 3339 date-time");
            }
        }
    }
}
