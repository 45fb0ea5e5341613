package io.lumee.testkit;

import io.lumee.testkit.kafka.KafkaBroker;
import io.lumee.testkit.registry.ApicurioRegistry;
import io.lumee.testkit.tls.TestCa;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * The real servers, started once per JVM on first use and shared by every test class in it (a module's
 * test classes run in one surefire JVM), stopped in reverse order when the JVM exits.
 */
public final class TestServers {
    private static final Deque<AutoCloseable> STARTED = new ArrayDeque<>();
    private static TestCa ca;
    private static KafkaBroker kafka;
    private static ApicurioRegistry registry;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestServers::stopAll, "lumee-test-servers-stop"));
    }

    private TestServers() {}

    /** The CA behind every shared server's TLS listener. */
    public static synchronized TestCa ca() {
        if (ca == null) {
            ca = TestCa.create("Lumee Test CA");
        }
        return ca;
    }

    /** A broker with a plaintext and a mutual-TLS listener (certificates from {@link #ca()}). */
    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = started(() -> KafkaBroker.startWithTls(ca()));
        }
        return kafka;
    }

    public static synchronized ApicurioRegistry registry() {
        if (registry == null) {
            registry = started(ApicurioRegistry::start);
        }
        return registry;
    }

    private static <T extends AutoCloseable> T started(Supplier<T> starter) {
        T server = starter.get();
        STARTED.push(server);
        return server;
    }

    private static synchronized void stopAll() {
        while (!STARTED.isEmpty()) {
            try {
                STARTED.pop().close();
            } catch (Exception e) {
                System.err.println("lumee testkit: stopping a server failed: " + e);
            }
        }
    }
}
