package dev.ocpp.examples.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark's payloads stay schema-valid and its three variants bind the same object, without running JMH. */
class Ocpp201ValidationBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"TransactionEvent", "NotifyReport", "BootNotification"})
    void everyVariantBindsTheSameValidPayload(String action) throws Exception {
        Ocpp201ValidationBenchmark benchmark = new Ocpp201ValidationBenchmark();
        benchmark.action = action;
        benchmark.setUp(); // throws if the payload is schema-invalid

        Object plain = benchmark.plainBind();
        assertThat(benchmark.treeBind()).isEqualTo(plain);
        assertThat(benchmark.validatedBind()).isEqualTo(plain);
        assertThat(plain.getClass().getSimpleName()).isEqualTo(action + "Request");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 50})
    void notifyReportHasTheRequestedNumberOfEntries(int entries) throws Exception {
        String report = Ocpp201ValidationBenchmark.notifyReport(entries);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(report).path("reportData").size())
                .isEqualTo(entries);
    }
}
