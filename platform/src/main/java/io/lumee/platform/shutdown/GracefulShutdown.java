package io.lumee.platform.shutdown;

import io.lumee.platform.config.ConfigReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a service's resources when it is told to stop (SIGTERM runs the JVM shutdown hook, which
 * calls {@link #shutdown()}): in reverse registration order, so a part closes before what it uses;
 * each bounded by a timeout, so one stuck client cannot use up Kubernetes' grace period; failures
 * logged, never thrown, so the rest still close.
 */
public final class GracefulShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

    private record Resource(String name, AutoCloseable closeable) { }

    private final Duration timeoutPerResource;
    private final List<Resource> resources = new ArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    public GracefulShutdown(Duration timeoutPerResource) {
        if (timeoutPerResource.isNegative() || timeoutPerResource.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeoutPerResource);
        }
        this.timeoutPerResource = timeoutPerResource;
    }

    /**
     * {@code LUMEE_SHUTDOWN_TIMEOUT} (default {@code 10s}): the longest one resource may take to close;
     * keep the sum below the pod's {@code terminationGracePeriodSeconds} (30 s by default).
     */
    public static GracefulShutdown from(ConfigReader config) {
        return new GracefulShutdown(config.duration("LUMEE_SHUTDOWN_TIMEOUT", "10s"));
    }

    /** Registers a resource to close at shutdown and returns it; refused once shutdown has begun. */
    public synchronized <T extends AutoCloseable> T register(String name, T resource) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resource, "resource");
        if (started.get()) {
            throw new IllegalStateException("shutting down: " + name + " was not registered");
        }
        resources.add(new Resource(name, resource));
        return resource;
    }

    /** Makes SIGTERM (and a normal JVM exit) run {@link #shutdown()}. */
    public void installHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "lumee-shutdown"));
    }

    public boolean isShuttingDown() {
        return started.get();
    }

    /**
     * Closes everything registered and returns when done; a second call, from any thread, waits for
     * the first to finish, so the JVM does not halt while resources are still closing.
     */
    public void shutdown() {
        if (!started.compareAndSet(false, true)) {
            awaitUninterruptibly();
            return;
        }
        List<Resource> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(resources);
        }
        try {
            for (int i = toClose.size() - 1; i >= 0; i--) {
                close(toClose.get(i));
            }
        } finally {
            done.countDown();
        }
    }

    /** Blocks until {@link #shutdown()} has closed everything; what a service's main thread does once started. */
    public void awaitShutdown() throws InterruptedException {
        done.await();
    }

    private void close(Resource resource) {
        Thread closer = new Thread(() -> {
            try {
                resource.closeable().close();
                LOG.info("closed {}", resource.name());
            } catch (Exception failure) {
                LOG.warn("closing {} failed", resource.name(), failure);
            }
        }, "lumee-close-" + resource.name());
        // a closer still stuck when the hooks end must not keep the JVM alive
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(timeoutPerResource.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warn("{} did not close within {}; moving on", resource.name(), timeoutPerResource);
        }
    }

    private void awaitUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
