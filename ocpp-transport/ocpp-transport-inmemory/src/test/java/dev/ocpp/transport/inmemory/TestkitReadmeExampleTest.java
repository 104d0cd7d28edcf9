package dev.ocpp.transport.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The testkit README's example of running the transport conformance suite is exactly the marked region of
 * {@link MyTransportHandshakeTest}, which runs as a test of this module: the example compiles and passes. It lives
 * here rather than in the suite's own module because running it needs a transport, and every transport depends on
 * the suite.
 */
class TestkitReadmeExampleTest {

    /** The tests run in the module's directory, {@code ocpp-transport/ocpp-transport-inmemory}. */
    private static final Path README = Path.of("../../ocpp-testkit/README.md");
    private static final Path EXAMPLE =
            Path.of("src/test/java/dev/ocpp/transport/inmemory/MyTransportHandshakeTest.java");
    private static final Pattern README_BLOCK =
            Pattern.compile("<!-- snippet: MyTransportHandshakeTest -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void theReadmeExampleIsTheMarkedRegionOfARunningTest() throws IOException {
        Matcher m = README_BLOCK.matcher(Files.readString(README, StandardCharsets.UTF_8));

        assertThat(m.find()).as("%s has a MyTransportHandshakeTest snippet", README).isTrue();
        assertThat(m.group(1)).isEqualTo(region());
    }

    private static String region() throws IOException {
        List<String> lines = Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8);
        int from = lines.indexOf("// tag::snippet[]");
        int to = lines.indexOf("// end::snippet[]");
        assertThat(from).as("snippet markers in %s", EXAMPLE).isNotNegative().isLessThan(to);
        return String.join("\n", lines.subList(from + 1, to));
    }
}
