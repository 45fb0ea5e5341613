package io.lumee.platform.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadinessTest {

    private final Readiness readiness = new Readiness();

    @Test
    void noChecksMeansReady() {
        assertThat(readiness.failing()).isEmpty();
    }

    @Test
    void checkNamesAreFixedWordsNotData() {
        assertThatThrownBy(() -> readiness.register("patient 123-45-6789", () -> true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> readiness.register("Kafka", () -> true)).isInstanceOf(IllegalArgumentException.class);
        readiness.register("kafka-2", () -> true);
        assertThat(readiness.failing()).isEmpty();
    }

    @Test
    void aNameIsRegisteredOnce() {
        readiness.register("kafka", () -> true);

        assertThatThrownBy(() -> readiness.register("kafka", () -> false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(readiness.failing()).isEmpty();
    }
}
