package io.lumee.hl7bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void doublesPerConsecutiveFailureUpToTheCap() {
        assertThat(backoff.delay(1, 0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(2, 0)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(6, 0)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.delay(7, 0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(1_000, 0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(Integer.MAX_VALUE, 0)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterTakesOffUpToHalfAStep() {
        assertThat(backoff.delay(2, 0.5)).isEqualTo(Duration.ofMillis(150));
        assertThat(backoff.delay(2, 0.999_999)).isGreaterThan(Duration.ofMillis(100)).isLessThan(Duration.ofMillis(101));
        assertThat(backoff.delay(100, 0.5)).isEqualTo(Duration.ofMillis(3750));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> backoff.delay(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.delay(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.delay(1, -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
