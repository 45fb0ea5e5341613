package io.lumee.platform.config;

import java.util.Objects;

/**
 * One setting as a service runs with it: the variable, its value as shown to an operator (secrets
 * masked, {@code (unset)} for an optional setting left out) and whether a documented default stood in
 * for an unset variable.
 */
public record Setting(String name, String value, boolean defaulted) {

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** The value with a {@code (default)} marker where the variable was not set. */
    public String shown() {
        return defaulted ? value + " (default)" : value;
    }

    @Override
    public String toString() {
        return name + "=" + shown();
    }
}
