package io.lumee.clinical.validation;

/**
 * One finding of a validator.
 *
 * @param severity ERROR (also fatal), WARNING or INFORMATION
 * @param location where in the resource or message, e.g. {@code Bundle.entry[1].resource} or {@code MSH-10}
 * @param rule the validator's id for the rule, e.g. {@code Extension_EXT_Unknown_NotHere}
 * @param message the validator's text; it may quote the offending value, so it stays out of logs
 */
public record ValidationIssue(Severity severity, String location, String rule, String message) {

    public enum Severity { ERROR, WARNING, INFORMATION }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Without {@link #message}: safe for a log line. */
    @Override
    public String toString() {
        return severity + " " + rule + " at " + location;
    }
}
