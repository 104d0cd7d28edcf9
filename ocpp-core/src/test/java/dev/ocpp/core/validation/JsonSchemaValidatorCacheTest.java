package dev.ocpp.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.lang.reflect.Field;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 15: action names come from peers, so the validator's cache must not keep one entry per made-up name. */
class JsonSchemaValidatorCacheTest {

    @Test
    void madeUpActionNamesDoNotGrowTheSchemaCache() throws Exception {
        JsonSchemaValidator validator = JsonSchemaValidator.of("cache-test", path -> null,
                a -> "messages/" + a + "Request.json", a -> "messages/" + a + "Response.json");

        for (int i = 0; i < 5_000; i++) {
            assertThat(validator.validate("MadeUp" + i, true, JsonNodeFactory.instance.objectNode())).isEmpty();
        }

        Field requests = JsonSchemaValidator.class.getDeclaredField("requests");
        requests.setAccessible(true);
        assertThat(((Map<?, ?>) requests.get(validator)).size()).isLessThanOrEqualTo(512);
    }
}
