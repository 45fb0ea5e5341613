package io.lumee.clinical.validation;

import ca.uhn.hl7v2.AbstractHL7Exception;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.Severity;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.validation.CollectingValidationExceptionHandler;
import ca.uhn.hl7v2.validation.MessageValidator;
import ca.uhn.hl7v2.validation.ValidationException;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an ER7 ORU^R01 the way a strict receiver would: HAPI's pipe parser for the structure,
 * HAPI's default rules for formats, and {@link OruR01Rules} for the fields our interface requires.
 * Build one and share it.
 */
public final class OruR01Validator {

    private final HapiContext parsing;
    private final HapiContext validating;

    public OruR01Validator() {
        // Parse without validating, then validate with a collecting handler: a validating parse
        // stops at the first failure, and a report should list them all.
        this.parsing = new DefaultHapiContext(ValidationContextFactory.noValidation());
        this.validating = new DefaultHapiContext(ValidationContextFactory.defaultValidation());
        this.validating.setValidationRuleBuilder(new OruR01Rules());
    }

    public ValidationReport validate(String er7) {
        Message message;
        try {
            message = parsing.getPipeParser().parse(er7);
        } catch (HL7Exception e) {
            return new ValidationReport(List.of(issue(e, "HL7_PARSE")));
        }
        Collector collector = new Collector(validating);
        MessageValidator validator = new MessageValidator(validating.getValidationContext());
        validator.setValidatePrimitives(true);
        try {
            validator.validate(message, collector);
        } catch (HL7Exception e) {
            collector.error(ValidationException.fromHL7Exception(e));
        }
        List<ValidationIssue> issues = new ArrayList<>();
        collector.getExceptions().forEach(e -> issues.add(issue(e, "HL7_RULE")));
        return new ValidationReport(issues);
    }

    private static ValidationIssue issue(AbstractHL7Exception e, String rule) {
        Location location = e.getLocation();
        Severity severity = e.getSeverity();
        ValidationIssue.Severity mapped = severity == Severity.WARNING ? ValidationIssue.Severity.WARNING
                : severity == Severity.INFO ? ValidationIssue.Severity.INFORMATION : ValidationIssue.Severity.ERROR;
        return new ValidationIssue(mapped, location == null ? "message" : location.toString(),
                rule, e.getMessage());
    }

    private static final class Collector extends CollectingValidationExceptionHandler<Boolean> {
        Collector(HapiContext context) {
            super(context);
            setMinimumSeverityToCollect(Severity.WARNING);
        }

        @Override
        public Boolean result() {
            return !hasFailed();
        }
    }
}
