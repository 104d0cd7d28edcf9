package dev.ocpp.testkit.junit;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.testkit.SimulatedStation;
import dev.ocpp.testkit.VirtualClock;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link OcppTest}: creates the simulators a test asks for (parameters, and
 * {@link Simulated @Simulated} fields), gives them one {@link VirtualClock} when the test asks for one (so that
 * heartbeat, timeout and back-off rules run without waiting) and one {@link InMemoryNetwork}, closes all of them
 * after the test, newest first, and then checks that nothing leaked: no simulator still connected, and no thread
 * started during the test still running once {@link OcppTest#leakGraceMillis()} has passed.
 *
 * <p>Order within a test: {@code VirtualClock}, {@code InMemoryNetwork} and {@code MockCsms} fields are injected
 * before the test's {@code @BeforeEach} methods (which may use them); {@code SimulatedStation} fields and all
 * parameters just before the test method, after {@code @BeforeEach}, so that a CSMS under test started there can be
 * reached through its {@link CsmsEndpoint}.
 */
public final class OcppTestkitExtension
        implements BeforeEachCallback, BeforeTestExecutionCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OcppTestkitExtension.class);
    private static final String KEY = "resources";
    private static final Set<Class<?>> INJECTABLE =
            Set.of(MockCsms.class, SimulatedStation.class, VirtualClock.class, InMemoryNetwork.class);
    /**
     * Threads the JVM, the JDK or the test engine start on their own and keep: never a leak of the test's.
     * Matched as name prefixes.
     */
    private static final List<String> NOT_LEAKS = List.of("junit-jupiter-timeout-watcher", "Common-Cleaner",
            "process reaper", "Attach Listener", "ForkJoinPool.commonPool-worker", "surefire-forkedjvm",
            "Notification Thread", "Signal Dispatcher", "Reference Handler", "Finalizer", "JFR ");

    /** What the extension made for one test. */
    private static final class Resources {
        final OcppTest settings;
        final Set<Thread> threadsBefore;
        VirtualClock clock;
        InMemoryNetwork network;
        final List<AutoCloseable> created = new ArrayList<>();
        final List<MockCsms> mocks = new ArrayList<>();
        final List<SimulatedStation> stations = new ArrayList<>();
        int stationNumber;

        Resources(OcppTest settings, Set<Thread> threadsBefore) {
            this.settings = settings;
            this.threadsBefore = threadsBefore;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Resources r = new Resources(settings(context), Set.copyOf(Thread.getAllStackTraces().keySet()));
        context.getStore(NS).put(KEY, r);
        // One clock for the whole test, made before anything that would otherwise take real time.
        if (wantsClock(context)) {
            r.clock = new VirtualClock();
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field f : simulatedFields(instance.getClass())) {
                if (f.getType() != SimulatedStation.class) {
                    inject(instance, f, create(f.getType(), f, r, context));
                }
            }
        }
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        Resources r = resources(context);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field f : simulatedFields(instance.getClass())) {
                if (f.getType() == SimulatedStation.class) {
                    inject(instance, f, create(f.getType(), f, r, context));
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return INJECTABLE.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Resources r = context.getStore(NS).get(KEY, Resources.class);
        if (r == null) {
            throw new ParameterResolutionException("OCPP simulators are made for test methods only, not for "
                    + parameter.getDeclaringExecutable());
        }
        try {
            return create(parameter.getParameter().getType(), parameter.getParameter(), r, context);
        } catch (Exception e) {
            throw new ParameterResolutionException("could not create " + parameter.getParameter(), e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Resources r = context.getStore(NS).remove(KEY, Resources.class);
        if (r == null) {
            return;
        }
        List<Throwable> failures = new ArrayList<>();
        for (int i = r.created.size() - 1; i >= 0; i--) {
            try {
                r.created.get(i).close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("closing the test's simulators failed");
            failures.forEach(error::addSuppressed);
            throw error;
        }
        if (r.settings.leakCheck()) {
            checkLeaks(r);
        }
    }

    // ------------------------------------------------------------------------------------------------ creating

    private Object create(Class<?> type, AnnotatedElement where, Resources r, ExtensionContext context)
            throws Exception {
        Optional<Simulated> s = AnnotationSupport.findAnnotation(where, Simulated.class);
        if (type == VirtualClock.class) {
            if (r.clock == null) {
                r.clock = new VirtualClock(); // asked for late (a parameter of a @BeforeEach-less lookup)
            }
            return r.clock;
        }
        if (type == InMemoryNetwork.class) {
            return network(r);
        }
        OcppVersion version = s.map(Simulated::version).filter(v -> v.length > 0).map(v -> v[0])
                .orElse(r.settings.version());
        boolean webSocket = s.map(Simulated::webSocket).filter(v -> v.length > 0).map(v -> v[0])
                .orElse(r.settings.webSocket());
        if (type == MockCsms.class) {
            MockCsms.Builder b = MockCsms.builder(version);
            if (webSocket) {
                b.webSocket();
            } else {
                b.inMemory(network(r));
            }
            if (r.clock != null) {
                b.clock(r.clock);
            }
            MockCsms mock = b.build();
            r.created.add(mock);
            r.mocks.add(mock);
            return mock;
        }
        if (type == SimulatedStation.class) {
            r.stationNumber++;
            String identity = s.map(Simulated::identity).filter(id -> !id.isEmpty())
                    .orElse("CS-" + r.stationNumber);
            SimulatedStation.Builder b = SimulatedStation.builder(version).identity(identity)
                    .connectors(s.map(Simulated::connectors).orElse(1))
                    .endpoint(endpoint(s, context));
            if (!webSocket) {
                b.transport(network(r).clientTransport());
            }
            if (r.clock != null) {
                b.clock(r.clock);
            }
            SimulatedStation station = b.build();
            r.created.add(station);
            r.stations.add(station);
            return station;
        }
        throw new ExtensionConfigurationException("the OCPP testkit cannot make a " + type.getName());
    }

    private static InMemoryNetwork network(Resources r) {
        if (r.network == null) {
            r.network = new InMemoryNetwork();
        }
        return r.network;
    }

    private static URI endpoint(Optional<Simulated> s, ExtensionContext context) throws Exception {
        Optional<String> literal = s.map(Simulated::endpoint).filter(e -> !e.isEmpty());
        if (literal.isPresent()) {
            return URI.create(literal.get());
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.isAnnotationPresent(CsmsEndpoint.class)) {
                        f.setAccessible(true);
                        return toUri(f.get(Modifier.isStatic(f.getModifiers()) ? null : instance), f);
                    }
                }
                for (Method m : c.getDeclaredMethods()) {
                    if (m.isAnnotationPresent(CsmsEndpoint.class) && m.getParameterCount() == 0) {
                        m.setAccessible(true);
                        return toUri(m.invoke(Modifier.isStatic(m.getModifiers()) ? null : instance), m);
                    }
                }
            }
        }
        throw new ExtensionConfigurationException("a SimulatedStation needs the CSMS's URL: @Simulated(endpoint = "
                + "\"ws://...\") or a field or method annotated @CsmsEndpoint in the test class");
    }

    private static URI toUri(Object value, Object source) {
        if (value instanceof URI uri) {
            return uri;
        }
        if (value instanceof String text) {
            return URI.create(text);
        }
        throw new ExtensionConfigurationException("@CsmsEndpoint " + source + " gave " + value
                + ", not a URI or String");
    }

    // ------------------------------------------------------------------------------------------------ leaks

    private static void checkLeaks(Resources r) throws InterruptedException {
        List<String> connected = new ArrayList<>();
        for (MockCsms mock : r.mocks) {
            if (!mock.connectedStations().isEmpty()) {
                connected.add("MockCsms still has stations " + mock.connectedStations());
            }
        }
        for (SimulatedStation station : r.stations) {
            if (station.isConnected()) {
                connected.add("SimulatedStation " + station.identity() + " still connected");
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(r.settings.leakGraceMillis());
        List<Thread> leaked;
        while (true) {
            leaked = newThreads(r.threadsBefore);
            if (leaked.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(20);
        }
        if (connected.isEmpty() && leaked.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder("the test leaked");
        connected.forEach(c -> b.append("\n  ").append(c));
        for (Thread t : leaked) {
            b.append("\n  thread \"").append(t.getName()).append("\" (").append(t.getState()).append(')');
            StackTraceElement[] stack = t.getStackTrace();
            for (int i = 0; i < Math.min(4, stack.length); i++) {
                b.append("\n      at ").append(stack[i]);
            }
        }
        b.append("\n(close what the test opened; @OcppTest(leakCheck = false) turns this check off)");
        throw new AssertionError(b.toString());
    }

    private static List<Thread> newThreads(Set<Thread> before) {
        List<Thread> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !before.contains(t) && t != Thread.currentThread()
                    && NOT_LEAKS.stream().noneMatch(t.getName()::startsWith)) {
                found.add(t);
            }
        }
        return found;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Resources resources(ExtensionContext context) {
        Resources r = context.getStore(NS).get(KEY, Resources.class);
        if (r == null) {
            throw new IllegalStateException("OcppTestkitExtension.beforeEach did not run");
        }
        return r;
    }

    private static OcppTest settings(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), OcppTest.class)
                .or(() -> findOnClasses(context))
                .orElse(Defaults.SETTINGS);
    }

    private static Optional<OcppTest> findOnClasses(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<OcppTest> found = c.get().getTestClass()
                    .flatMap(k -> AnnotationSupport.findAnnotation(k, OcppTest.class));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static boolean wantsClock(ExtensionContext context) {
        for (Parameter p : context.getRequiredTestMethod().getParameters()) {
            if (p.getType() == VirtualClock.class) {
                return true;
            }
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field f : simulatedFields(instance.getClass())) {
                if (f.getType() == VirtualClock.class) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Field> simulatedFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Simulated.class) && seen.add(c.getName() + "#" + f.getName())) {
                    if (!INJECTABLE.contains(f.getType())) {
                        throw new ExtensionConfigurationException("@Simulated field " + f + " must be a MockCsms, "
                                + "SimulatedStation, VirtualClock or InMemoryNetwork");
                    }
                    if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
                        throw new ExtensionConfigurationException("@Simulated field " + f
                                + " must be neither static nor final: it is set for each test");
                    }
                    fields.add(f);
                }
            }
        }
        return fields;
    }

    private static void inject(Object instance, Field f, Object value) throws IllegalAccessException {
        f.setAccessible(true);
        f.set(instance, value);
    }

    /** Settings for a test that uses the extension without {@link OcppTest} ({@code @ExtendWith} directly). */
    @OcppTest
    private static final class Defaults {
        static final OcppTest SETTINGS = Defaults.class.getAnnotation(OcppTest.class);
    }
}
