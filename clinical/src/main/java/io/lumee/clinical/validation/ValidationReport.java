package io.lumee.clinical.validation;

import java.util.List;
import java.util.stream.Collectors;

/** What a validator found in one FHIR resource or HL7 message. */
public record ValidationReport(List<ValidationIssue> issues) {

    public ValidationReport {
        issues = List.copyOf(issues);
    }

    public List<ValidationIssue> errors() {
        return issues.stream().filter(ValidationIssue::isError).toList();
    }

    public boolean isValid() {
        return errors().isEmpty();
    }

    /** Every error with its message, for a test's failure output; may quote values, so never log it. */
    public String describeErrors() {
        return errors().stream().map(issue -> issue + ": " + issue.message()).collect(Collectors.joining("\n"));
    }

    /** Rules and locations only: safe for a log line. */
    @Override
    public String toString() {
        return "ValidationReport" + issues;
    }
}
