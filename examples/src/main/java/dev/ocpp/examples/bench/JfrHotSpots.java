package dev.ocpp.examples.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples of a flight recording of the server: where the time goes by library (the sampled
 * top frame's package), the hottest methods (self time), and the dev.ocpp methods by inclusive time. Only
 * samples inside the measured window count, so start-up and warm-up do not blur the picture.
 */
final class JfrHotSpots {

    /** Top-frame package prefixes, most specific first, mapped to a readable component name. */
    private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("dev.ocpp.", "OCPP library (dev.ocpp)");
        COMPONENTS.put("com.fasterxml.jackson.", "Jackson");
        COMPONENTS.put("org.glassfish.tyrus.", "Tyrus");
        COMPONENTS.put("org.glassfish.grizzly.", "Grizzly");
        COMPONENTS.put("io.netty.", "Netty");
        COMPONENTS.put("org.slf4j.", "SLF4J");
        COMPONENTS.put("java.util.concurrent.", "JDK java.util.concurrent");
        COMPONENTS.put("sun.nio.", "JDK NIO");
        COMPONENTS.put("java.nio.", "JDK NIO");
        COMPONENTS.put("java.time.", "JDK java.time");
        COMPONENTS.put("java.", "JDK other");
        COMPONENTS.put("jdk.", "JDK other");
        COMPONENTS.put("sun.", "JDK other");
    }

    private JfrHotSpots() {
    }

    /**
     * The recording settings: the JDK's {@code profile} settings with Java method sampling every millisecond
     * instead of every 10 ms. Much of a WebSocket server's time is spent in the kernel, where Java samples are not
     * taken, so the default rate leaves too few samples in a 20-second window to rank methods. Falls back to plain
     * {@code profile} if the JDK's file cannot be read.
     */
    static String settings() {
        Path profile = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
        try {
            String jfc = Files.readString(profile).replaceAll(
                    "(?<head>control=\"method-sampling-java-interval\">)[^<]*<", "${head}1 ms<");
            Path derived = Files.createTempFile("ocpp-bench-", ".jfc");
            derived.toFile().deleteOnExit();
            Files.writeString(derived, jfc);
            return derived.toString();
        } catch (IOException | RuntimeException e) {
            return "profile";
        }
    }

    static void print(Path recording, Instant from, Instant to, PrintWriter out, int top) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        Map<String, Integer> byComponent = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusiveOcpp = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : events) {
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName())) {
                continue;
            }
            if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            String topMethod = name(stack.getFrames().get(0));
            self.merge(topMethod, 1, Integer::sum);
            byComponent.merge(component(topMethod), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : stack.getFrames()) {
                String n = name(f);
                if (n.startsWith("dev.ocpp.") && seen.add(n)) {
                    inclusiveOcpp.merge(n, 1, Integer::sum);
                }
            }
        }
        out.printf("%nJava CPU samples in the measured window: %d (time in the kernel is not sampled)%n", samples);
        if (samples == 0) {
            return;
        }
        table(out, "Self time by component (top frame)", byComponent, samples, top);
        table(out, "Hottest methods (self time)", self, samples, top);
        table(out, "dev.ocpp methods (inclusive time)", inclusiveOcpp, samples, top);
    }

    private static void table(PrintWriter out, String title, Map<String, Integer> counts, int samples, int top) {
        out.printf("%n%s:%n", title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(en -> out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / samples, en.getKey()));
    }

    private static String name(RecordedFrame f) {
        // Lambda classes carry a per-run address and hash in their names; drop them so equal frames merge.
        String type = f.getMethod().getType().getName().replaceAll("\\$\\$Lambda\\$.*", "\\$\\$Lambda");
        return type + "." + f.getMethod().getName();
    }

    private static String component(String method) {
        for (Map.Entry<String, String> c : COMPONENTS.entrySet()) {
            if (method.startsWith(c.getKey())) {
                return c.getValue();
            }
        }
        return "other";
    }
}
