package io.lumee.fhirsink.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(60));

    @Test
    void delaysDoubleWithJitterBetweenHalfAndAll() {
        assertThat(policy.delay(1, Optional.empty(), 0.0)).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.delay(1, Optional.empty(), 0.999)).isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
        assertThat(policy.delay(3, Optional.empty(), 0.0)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.delay(3, Optional.empty(), 0.999)).isBetween(Duration.ofMillis(1990), Duration.ofMillis(2000));
    }

    @Test
    void delaysNeverExceedTheMaximumHoweverManyAttempts() {
        assertThat(policy.delay(40, Optional.empty(), 0.999)).isBetween(Duration.ofMillis(59_900), Duration.ofSeconds(60));
        assertThat(policy.delay(Integer.MAX_VALUE, Optional.empty(), 0.0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterIsHonouredUpToTheMaximum() {
        assertThat(policy.delay(1, Optional.of(Duration.ofSeconds(7)), 0.5)).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.delay(1, Optional.of(Duration.ofHours(2)), 0.5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delay(6, Optional.of(Duration.ofMillis(1)), 0.0)).as("backoff wins when longer")
                .isEqualTo(Duration.ofMillis(8_000));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-01-18T14:00:00Z");

        assertThat(RetryPolicy.parseRetryAfter("120", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryPolicy.parseRetryAfter("Sun, 18 Jan 2026 14:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(RetryPolicy.parseRetryAfter("Sun, 18 Jan 2026 13:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("soon", now)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter(null, now)).isEmpty();
    }
}
