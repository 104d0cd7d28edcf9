package dev.ocpp.security.pki;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;

/**
 * Bytes the current thread has allocated so far (HotSpot's com.sun.management.ThreadMXBean). Reached reflectively
 * because the test sources are compiled into module dev.ocpp.security, which does not read java.management.
 */
final class ThreadAllocations {

    private ThreadAllocations() {
    }

    static long current() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Class<?> hotspot = Class.forName("com.sun.management.ThreadMXBean");
            assumeTrue(hotspot.isInstance(bean), "this JVM does not count allocations per thread");
            Method allocated = hotspot.getMethod("getThreadAllocatedBytes", long.class);
            return (long) allocated.invoke(bean, Thread.currentThread().getId());
        } catch (ReflectiveOperationException e) {
            assumeTrue(false, "no per-thread allocation counter: " + e);
            return 0;
        }
    }
}
