package dev.ocpp.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JUnit Platform settings the root pom gives every module are in force: without them a hanging test, or a jqwik
 * property shrinking a stored sample, could hold a build until CI's own limit (this happened once, for over ten
 * minutes). Checked here because a settings block that silently stops applying looks exactly like one that works.
 */
class TestRunConfigurationTest {

    /** Hands a test the platform's configuration parameters, as an extension sees them. */
    @RegisterExtension
    static final ParameterResolver CONFIGURATION = new ParameterResolver() {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Settings.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return (Settings) context::getConfigurationParameter;
        }
    };

    interface Settings {
        Optional<String> get(String key);
    }

    @Test
    void everyTestAndLifecycleMethodHasADefaultTimeout(Settings settings) {
        assertThat(settings.get("junit.jupiter.execution.timeout.default")).contains("2 m");
        assertThat(settings.get("junit.jupiter.execution.timeout.beforeall.method.default")).contains("6 m");
    }

    @Test
    void jqwikKeepsItsDatabaseUnderTargetRepeatsAFailingSeedAndBoundsShrinking(Settings settings) {
        assertThat(settings.get("jqwik.database")).hasValueSatisfying(path ->
                assertThat(path.replace('\\', '/')).endsWith("/target/jqwik-database"));
        assertThat(settings.get("jqwik.failures.after.default")).contains("PREVIOUS_SEED");
        assertThat(settings.get("jqwik.shrinking.default")).contains("BOUNDED");
        assertThat(settings.get("jqwik.shrinking.bounded.seconds")).contains("10");
    }
}
