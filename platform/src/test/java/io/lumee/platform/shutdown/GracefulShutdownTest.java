package io.lumee.platform.shutdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumee.platform.config.ConfigReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    private final List<String> closed = new CopyOnWriteArrayList<>();
    private final GracefulShutdown shutdown = new GracefulShutdown(Duration.ofMillis(200));

    @Test
    void resourcesCloseInReverseRegistrationOrder() {
        shutdown.register("producer", () -> closed.add("producer"));
        shutdown.register("consumer", () -> closed.add("consumer"));
        shutdown.register("poller", () -> closed.add("poller"));

        shutdown.shutdown();

        assertThat(closed).containsExactly("poller", "consumer", "producer");
    }

    @Test
    void failingCloseDoesNotStopTheOthers() {
        shutdown.register("first", () -> closed.add("first"));
        shutdown.register("broken", () -> {
            throw new IllegalStateException("already closed");
        });
        shutdown.register("last", () -> closed.add("last"));

        shutdown.shutdown();

        assertThat(closed).containsExactly("last", "first");
    }

    @Test
    void stuckCloseIsAbandonedAfterItsTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        shutdown.register("first", () -> closed.add("first"));
        shutdown.register("stuck", never::await);
        long start = System.nanoTime();

        shutdown.shutdown();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(closed).containsExactly("first");
        never.countDown();
    }

    @Test
    void secondShutdownClosesNothingAgain() {
        shutdown.register("producer", () -> closed.add("producer"));

        shutdown.shutdown();
        shutdown.shutdown();

        assertThat(closed).containsExactly("producer");
    }

    @Test
    void secondCallerWaitsUntilTheFirstHasFinished() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        shutdown.register("slow", () -> {
            closing.countDown();
            release.await();
            closed.add("slow");
        });
        CompletableFuture<Void> first = CompletableFuture.runAsync(shutdown::shutdown);
        assertThat(closing.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> second = CompletableFuture.runAsync(shutdown::shutdown);

        assertThatThrownBy(() -> second.get(100, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        release.countDown();
        second.get(5, TimeUnit.SECONDS);
        assertThat(closed).containsExactly("slow");
        first.get(5, TimeUnit.SECONDS);
    }

    @Test
    void mainBlocksUntilShutdownHasClosedEverything() throws Exception {
        shutdown.register("producer", () -> closed.add("producer"));
        CompletableFuture<List<String>> main = CompletableFuture.supplyAsync(() -> {
            try {
                shutdown.awaitShutdown();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return List.copyOf(closed);
        });

        assertThatThrownBy(() -> main.get(100, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(shutdown.isShuttingDown()).isFalse();
        shutdown.shutdown();

        assertThat(main.get(5, TimeUnit.SECONDS)).containsExactly("producer");
        assertThat(shutdown.isShuttingDown()).isTrue();
    }

    @Test
    void registeringAfterShutdownBeganIsRefused() {
        shutdown.shutdown();

        assertThatThrownBy(() -> shutdown.register("late", () -> closed.add("late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void zeroTimeoutIsRefusedAsConfig() {
        ConfigReader config = new ConfigReader(Map.of("LUMEE_SHUTDOWN_TIMEOUT", "0s"));

        GracefulShutdown.from(config);

        assertThat(config.errors()).containsExactly(
                "LUMEE_SHUTDOWN_TIMEOUT: expected a positive duration such as 500ms, 30s, 5m, 2h or 7d, got \"0s\"");
    }
}
