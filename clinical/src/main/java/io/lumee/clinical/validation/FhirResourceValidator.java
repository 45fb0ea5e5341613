package io.lumee.clinical.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.fhir.FhirContexts;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HL7's official FHIR instance validator, set up to judge Lumee output strictly: the core
 * definitions, our {@link ConformanceResources}, and no extension it does not know.
 *
 * <p>Expensive to build (seconds; R5 loads ~12 s of definitions on first use) and ~20 ms per
 * Bundle after that, so build one per process and share it: validation is thread-safe. The
 * processor validates a sample at run time, off by default; tests validate every shape.
 */
public final class FhirResourceValidator {

    private final FhirValidator validator;

    private FhirResourceValidator(FhirContext context, String codeSystemUrl) {
        PrePopulatedValidationSupport lumee = new PrePopulatedValidationSupport(context);
        ConformanceResources.load(context, codeSystemUrl).forEach(lumee::addResource);
        // Our resources come after the core definitions, as the core ones must never be shadowed.
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                lumee,
                new CommonCodeSystemsTerminologyService(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        instanceValidator.setAnyExtensionsAllowed(false);
        this.validator = context.newValidator().registerValidatorModule(instanceValidator);
    }

    /** A validator for the given context (R4 or R5) and the configured Lumee CodeSystem URL. */
    public static FhirResourceValidator create(FhirContext context, String codeSystemUrl) {
        return new FhirResourceValidator(context, codeSystemUrl);
    }

    public static FhirResourceValidator r4() {
        return create(FhirContexts.r4(), MappingConfig.LUMEE_CODE_SYSTEM);
    }

    public static FhirResourceValidator r5() {
        return create(FhirContexts.r5(), MappingConfig.LUMEE_CODE_SYSTEM);
    }

    /** Validates a resource (a whole Bundle validates every entry's resource too). */
    public ValidationReport validate(IBaseResource resource) {
        return report(validator.validateWithResult(resource));
    }

    /** Validates encoded JSON or XML, as it travels on the topic. */
    public ValidationReport validate(String encoded) {
        return report(validator.validateWithResult(encoded));
    }

    private static ValidationReport report(ValidationResult result) {
        List<ValidationIssue> issues = result.getMessages().stream().map(FhirResourceValidator::issue).toList();
        return new ValidationReport(issues);
    }

    private static ValidationIssue issue(SingleValidationMessage message) {
        ResultSeverityEnum severity = message.getSeverity();
        ValidationIssue.Severity mapped = switch (severity) {
            case FATAL, ERROR -> ValidationIssue.Severity.ERROR;
            case WARNING -> ValidationIssue.Severity.WARNING;
            case INFORMATION -> ValidationIssue.Severity.INFORMATION;
        };
        return new ValidationIssue(mapped, String.valueOf(message.getLocationString()),
                String.valueOf(message.getMessageId()), message.getMessage());
    }
}
