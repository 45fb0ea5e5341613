package io.lumee.platform.config;

import java.util.List;

/** Every bad setting found while reading config, one line each: {@code NAME: expected ..., got ...}. */
public final class ConfigException extends RuntimeException {

    private final List<String> errors;

    public ConfigException(List<String> errors) {
        super(String.join("\n", errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a config exception needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
