package io.lumee.cli.patient;

import java.util.Optional;

/**
 * A patient identifier as an operator hands it over: one line {@code system|value} in a file or on
 * standard input, never on the command line, where shell history and the process list would keep it.
 */
record PatientIdentifierInput(String system, String value) {

    /** The first non-blank line; empty when there is none or it is not {@code system|value}. */
    static Optional<PatientIdentifierInput> parse(String text) {
        Optional<String> line = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
        if (line.isEmpty()) {
            return Optional.empty();
        }
        int bar = line.get().indexOf('|');
        if (bar <= 0 || bar == line.get().length() - 1) {
            return Optional.empty();
        }
        String system = line.get().substring(0, bar);
        if (!system.matches("[A-Za-z][A-Za-z0-9+.-]*:\\S+")) {
            return Optional.empty();
        }
        return Optional.of(new PatientIdentifierInput(system, line.get().substring(bar + 1)));
    }

    @Override
    public String toString() {
        return "PatientIdentifierInput[system=" + system + "]";
    }
}
