package io.lumee.platform.config;

import java.util.Objects;
import java.util.Optional;

/** A network endpoint written {@code host:port}, or {@code [ipv6]:port}. */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("host must be a name or address without spaces: \"" + host + "\"");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535: " + port);
        }
    }

    /** Parses {@code host:port}; empty when the text is not one. */
    public static Optional<HostPort> parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HostPort(host, Integer.parseInt(text.substring(colon + 1))));
        } catch (IllegalArgumentException notAnEndpoint) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
