package io.lumee.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.platform.config.ConfigReader;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class LogLevelsTest {

    @AfterEach
    void restoreDefaults() {
        LogLevels.from(new ConfigReader(Map.of())).apply();
    }

    @Test
    void levelsFromConfigReachLogback() {
        LogLevels.from(new ConfigReader(Map.of("LUMEE_LOG_LEVEL", "debug", "LUMEE_KAFKA_LOG_LEVEL", "ERROR"))).apply();

        assertThat(LoggerFactory.getLogger("io.lumee.anything").isDebugEnabled()).isTrue();
        assertThat(LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").isWarnEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").isErrorEnabled()).isTrue();
    }

    @Test
    void defaultsAreInfoAndWarnForKafka() {
        LogLevels levels = LogLevels.from(new ConfigReader(Map.of()));

        levels.apply();

        assertThat(levels).isEqualTo(new LogLevels(Level.INFO, Level.WARN));
        assertThat(LoggerFactory.getLogger("io.lumee.anything").isDebugEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").isInfoEnabled()).isFalse();
    }

    @Test
    void unknownLevelIsRefusedAsConfig() {
        ConfigReader config = new ConfigReader(Map.of("LUMEE_LOG_LEVEL", "verbose"));

        LogLevels.from(config);

        assertThat(config.errors()).containsExactly("LUMEE_LOG_LEVEL: expected one of ERROR, WARN, INFO, DEBUG, TRACE, got \"verbose\"");
    }
}
