package io.lumee.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeviceRateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final DeviceRateLimiter limiter = new DeviceRateLimiter(new IngestLimits(1024, 2, 3), now::get);

    @Test
    void burstIsGrantedThenTheNextWaitsForARefill() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.take("d")).isEmpty();
        }
        assertThat(limiter.take("d")).hasValue(Duration.ofMillis(500));

        now.addAndGet(Duration.ofMillis(500).toNanos());

        assertThat(limiter.take("d")).isEmpty();
    }

    @Test
    void devicesHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 3; i++) {
            limiter.take("busy");
        }

        assertThat(limiter.take("busy")).isPresent();
        assertThat(limiter.take("quiet")).isEmpty();
    }

    @Test
    void refilledBucketsAreForgotten() {
        limiter.take("a");
        limiter.take("b");
        now.addAndGet(Duration.ofMinutes(2).toNanos());

        limiter.take("c");

        assertThat(limiter.trackedDevices()).isEqualTo(1);
    }
}
