package io.lumee.platform.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.lumee.platform.config.ConfigReader;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * Log levels from config, so a bad level is refused like any other setting instead of silently
 * falling back as logback's own variable substitution would: {@code LUMEE_LOG_LEVEL} (default
 * {@code INFO}) for everything, {@code LUMEE_KAFKA_LOG_LEVEL} (default {@code WARN}) for the Kafka
 * clients, whose INFO lines repeat their configuration.
 */
public record LogLevels(org.slf4j.event.Level root, org.slf4j.event.Level kafka) {

    public LogLevels {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(kafka, "kafka");
    }

    public static LogLevels from(ConfigReader config) {
        return new LogLevels(
                config.enumValue("LUMEE_LOG_LEVEL", org.slf4j.event.Level.INFO),
                config.enumValue("LUMEE_KAFKA_LOG_LEVEL", org.slf4j.event.Level.WARN));
    }

    /** Sets the levels in the running logback; {@link Slf4jProvider#requireLogback()} must have passed. */
    public void apply() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(root.name()));
        context.getLogger("org.apache.kafka").setLevel(Level.toLevel(kafka.name()));
    }
}
