package io.lumee.platform.service;

import io.lumee.platform.config.ConfigException;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.Setting;
import io.lumee.platform.logging.LogLevels;
import io.lumee.platform.logging.Slf4jProvider;
import io.lumee.platform.management.ManagementServer;
import io.lumee.platform.management.ManagementSettings;
import io.lumee.platform.management.Readiness;
import io.lumee.platform.shutdown.GracefulShutdown;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What every service's {@code Main} needs around its own parts: config read, checked and printed,
 * log levels applied, Prometheus meters, the management endpoint, and graceful shutdown on SIGTERM.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     ServiceRuntime.run("fhir-sink", FhirSinkConfig::from, (config, runtime) -> {
 *         var sink = runtime.closeOnShutdown("sink", new FhirSink(config, runtime.meters()));
 *         runtime.readiness().register("kafka", sink::assigned);
 *         sink.start();
 *     });
 * }
 * }</pre>
 *
 * Besides the service's own settings it reads {@link ManagementSettings}, {@link LogLevels} and
 * {@link GracefulShutdown}'s timeout. The management endpoint closes last, so probes are answered
 * (and {@code /readyz} says {@code running} failed) while the service's parts close.
 */
public final class ServiceRuntime {

    /** Exit status for a configuration a service refuses: no restart will cure it. */
    public static final int EXIT_BAD_CONFIG = 2;
    public static final int EXIT_START_FAILED = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);

    /** The service's own part of the start: build its parts from its config and register them. */
    @FunctionalInterface
    public interface Wiring<C> {
        void wire(C config, ServiceRuntime runtime) throws Exception;
    }

    private final GracefulShutdown shutdown;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Readiness readiness = new Readiness();
    private final ManagementServer management;

    private ServiceRuntime(GracefulShutdown shutdown, ManagementSettings settings) throws IOException {
        this.shutdown = shutdown;
        List.of(new ClassLoaderMetrics(), new JvmMemoryMetrics(), new JvmThreadMetrics(), new ProcessorMetrics(), new UptimeMetrics())
                .forEach(binder -> binder.bindTo(meters));
        readiness.register("running", () -> !shutdown.isShuttingDown());
        this.management = shutdown.register("management endpoint", ManagementServer.start(settings, meters, readiness));
        shutdown.register("jvm gc metrics", new JvmGcMetrics()).bindTo(meters);
    }

    /**
     * Runs a service until SIGTERM: {@link #start} it, then wait for shutdown. A bad configuration is
     * logged one line per bad setting and exits with {@value #EXIT_BAD_CONFIG}; any other start failure
     * exits with {@value #EXIT_START_FAILED}.
     */
    public static <C> void run(String service, Function<ConfigReader, C> readConfig, Wiring<C> wiring) {
        Slf4jProvider.requireLogback();
        ServiceRuntime runtime;
        try {
            runtime = start(service, ConfigReader.fromEnvironment(), readConfig, wiring);
        } catch (ConfigException refused) {
            refused.errors().forEach(line -> LOG.atError().setMessage(line).addKeyValue("service", service).log());
            System.exit(EXIT_BAD_CONFIG);
            return;
        } catch (Exception failed) {
            LOG.error("{} failed to start", service, failed);
            System.exit(EXIT_START_FAILED);
            return;
        }
        try {
            runtime.awaitShutdown();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads the service's config and the platform's, refuses a bad one with every error at once, logs
     * the effective config, starts the management endpoint, installs the SIGTERM hook, then lets the
     * service wire its parts. If wiring fails, what was registered is closed before the failure is thrown.
     */
    public static <C> ServiceRuntime start(String service, ConfigReader config, Function<ConfigReader, C> readConfig, Wiring<C> wiring)
            throws Exception {
        C serviceConfig = readConfig.apply(config);
        ManagementSettings management = ManagementSettings.from(config);
        LogLevels levels = LogLevels.from(config);
        GracefulShutdown shutdown = GracefulShutdown.from(config);
        config.requireValid();

        levels.apply();
        logEffectiveConfig(service, config);
        shutdown.installHook();
        ServiceRuntime runtime = new ServiceRuntime(shutdown, management);
        try {
            wiring.wire(serviceConfig, runtime);
        } catch (Exception failed) {
            shutdown.shutdown();
            throw failed;
        }
        LOG.atInfo().setMessage("{} started").addArgument(service)
                .addKeyValue("management", runtime.managementAddress().toString()).log();
        return runtime;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public Readiness readiness() {
        return readiness;
    }

    /** Registers a part to close at shutdown, after the parts registered later; returns it. */
    public <T extends AutoCloseable> T closeOnShutdown(String name, T resource) {
        return shutdown.register(name, resource);
    }

    public InetSocketAddress managementAddress() {
        return management.address();
    }

    /** Stops the service as SIGTERM would; for the devstack and tests. */
    public void shutdown() {
        shutdown.shutdown();
    }

    public void awaitShutdown() throws InterruptedException {
        shutdown.awaitShutdown();
    }

    private static void logEffectiveConfig(String service, ConfigReader config) {
        LoggingEventBuilder line = LOG.atInfo().setMessage("effective config").addKeyValue("service", service);
        for (Setting setting : config.settings()) {
            line = line.addKeyValue(setting.name(), setting.shown());
        }
        line.log();
        List<String> unread = config.unreadNames();
        if (!unread.isEmpty()) {
            LOG.atWarn().setMessage("{} ignores these settings (a typo, or not used here)").addArgument(service)
                    .addKeyValue("names", String.join(",", unread)).log();
        }
    }
}
