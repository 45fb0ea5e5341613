package io.lumee.platform.management;

import io.lumee.platform.config.ConfigReader;
import java.util.Objects;

/**
 * Where the management endpoint listens: {@code LUMEE_MANAGEMENT_HOST} (default {@code 0.0.0.0}, so
 * Kubernetes probes and Prometheus reach the pod) and {@code LUMEE_MANAGEMENT_PORT} (default
 * {@code 8081}; {@code 0} picks a free port, for tests and the devstack).
 */
public record ManagementSettings(String host, int port) {

    public ManagementSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535: " + port);
        }
    }

    public static ManagementSettings from(ConfigReader config) {
        return new ManagementSettings(
                config.string("LUMEE_MANAGEMENT_HOST", "0.0.0.0"),
                config.intValue("LUMEE_MANAGEMENT_PORT", 8081, 0, 65535));
    }
}
