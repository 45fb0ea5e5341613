package io.lumee.clinical.fhir.r5;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import io.lumee.clinical.Decimals;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.ReadingIds;
import io.lumee.clinical.SubjectMode;
import io.lumee.clinical.Udi;
import io.lumee.clinical.fhir.Code;
import io.lumee.clinical.fhir.ConditionalUrls;
import io.lumee.clinical.fhir.ExtensionValue;
import io.lumee.clinical.fhir.FhirContexts;
import io.lumee.clinical.fhir.LumeeIdentifiers;
import io.lumee.clinical.fhir.ObservationContent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.Bundle.BundleType;
import org.hl7.fhir.r5.model.Bundle.HTTPVerb;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.DataType;
import org.hl7.fhir.r5.model.DateTimeType;
import org.hl7.fhir.r5.model.DecimalType;
import org.hl7.fhir.r5.model.Device;
import org.hl7.fhir.r5.model.Enumerations;
import org.hl7.fhir.r5.model.Extension;
import org.hl7.fhir.r5.model.Identifier;
import org.hl7.fhir.r5.model.InstantType;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Patient;
import org.hl7.fhir.r5.model.Provenance;
import org.hl7.fhir.r5.model.Provenance.ProvenanceEntityRole;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.Reference;
import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.r5.model.StringType;

/**
 * A processed reading as one FHIR R5 transaction Bundle: conditional creates of the Device, the
 * Observation (and in {@link SubjectMode#CREATE} a minimal Patient), and a PUT of the Provenance
 * under an id derived from the reading id, so posting the same Bundle twice stores one of each.
 * The layout and each element's source are in {@code docs/fhir-mapping.md}.
 *
 * <p>Parallel, line for line, to {@code R4BundleMapper}: HAPI's R4 and R5 models share no typed
 * interface to build against. What both write is decided once ({@link ObservationContent},
 * {@link Code}, {@link ConditionalUrls}), and a test holds their JSON equal for every shape.
 * Stateless apart from the shared context: one instance serves every thread.
 */
public final class R5BundleMapper {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private final FhirContext context;

    public R5BundleMapper() {
        this(FhirContexts.r5());
    }

    public R5BundleMapper(FhirContext context) {
        if (context.getVersion().getVersion() != FhirVersionEnum.R5) {
            throw new IllegalArgumentException("R5BundleMapper needs an R5 FhirContext");
        }
        this.context = context;
    }

    /** Pure: the same reading and config always give an equal Bundle. */
    public Bundle map(ProcessedReading reading, MappingConfig config) {
        String readingId = reading.readingId();
        String deviceUrn = ReadingIds.entryUrn(readingId, "Device");
        String patientUrn = ReadingIds.entryUrn(readingId, "Patient");
        String observationUrn = ReadingIds.entryUrn(readingId, "Observation");
        String provenanceUrn = ReadingIds.entryUrn(readingId, "Provenance");

        Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
        addConditionalCreate(bundle, deviceUrn, device(reading),
                ConditionalUrls.identifierQuery(LumeeIdentifiers.DEVICE, reading.deviceId()));
        Reference subject;
        if (config.subjectMode() == SubjectMode.CREATE) {
            Patient patient = new Patient();
            patient.addIdentifier().setSystem(reading.patient().system()).setValue(reading.patient().value());
            addConditionalCreate(bundle, patientUrn, patient,
                    ConditionalUrls.identifierQuery(reading.patient().system(), reading.patient().value()));
            subject = new Reference(patientUrn);
        } else {
            subject = new Reference(ConditionalUrls.patientReference(reading.patient()));
        }
        addConditionalCreate(bundle, observationUrn, observation(reading, config, subject, deviceUrn),
                ConditionalUrls.identifierQuery(LumeeIdentifiers.READING, readingId));

        Provenance provenance = provenance(reading, config, observationUrn, deviceUrn);
        bundle.addEntry().setFullUrl(provenanceUrn).setResource(provenance).getRequest()
                .setMethod(HTTPVerb.PUT).setUrl("Provenance/" + provenance.getIdElement().getIdPart());
        return bundle;
    }

    /** {@link #map} encoded as the compact JSON the {@code lumee.fhir.r5} topic carries. */
    public String mapToJson(ProcessedReading reading, MappingConfig config) {
        return context.newJsonParser().encodeResourceToString(map(reading, config));
    }

    private static void addConditionalCreate(Bundle bundle, String fullUrl, Resource resource, String query) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest()
                .setMethod(HTTPVerb.POST).setUrl(resource.fhirType()).setIfNoneExist(query);
    }

    private static Device device(ProcessedReading reading) {
        Device device = new Device();
        device.addIdentifier().setSystem(LumeeIdentifiers.DEVICE).setValue(reading.deviceId());
        Udi udi = reading.device().udi();
        if (udi != null) {
            device.addUdiCarrier().setDeviceIdentifier(udi.deviceIdentifier()).setIssuer(udi.issuer())
                    .setCarrierHRF(udi.carrierHrf());
        }
        return device;
    }

    private static Observation observation(ProcessedReading reading, MappingConfig config, Reference subject,
            String deviceUrn) {
        ObservationContent content = ObservationContent.of(reading, config);
        Observation observation = new Observation();
        for (ExtensionValue value : content.extensions()) {
            observation.addExtension(new Extension(value.extension().url(), extensionValue(value)));
        }
        observation.addIdentifier().setSystem(LumeeIdentifiers.READING).setValue(reading.readingId());
        observation.setStatus(Enumerations.ObservationStatus.FINAL);
        observation.addCategory(concept(Code.CATEGORY_EXAM));
        CodeableConcept code = new CodeableConcept();
        content.codes().forEach(c -> code.addCoding(coding(c)));
        observation.setCode(code.setText(content.codes().get(0).display()));
        observation.setSubject(subject);
        observation.setEffective(dateTime(reading.deviceTime()));
        observation.setIssuedElement(instant(reading.receivedAt()));
        observation.setValue(ucum(reading.value().value(), reading.value().unit()));
        content.interpretations().forEach(c -> observation.addInterpretation(concept(c)));
        content.notes().forEach(text -> observation.addNote().setText(text));
        observation.setDevice(new Reference(deviceUrn));
        content.referenceRange().ifPresent(range -> observation.addReferenceRange()
                .setLow(ucum(range.low(), range.ucumUnit())).setHigh(ucum(range.high(), range.ucumUnit())));
        return observation;
    }

    private static Provenance provenance(ProcessedReading reading, MappingConfig config, String observationUrn,
            String deviceUrn) {
        Provenance provenance = new Provenance();
        provenance.setId(ReadingIds.provenanceId(reading.readingId()));
        provenance.addTarget(new Reference(observationUrn));
        provenance.setOccurred(dateTime(reading.deviceTime()));
        provenance.setRecordedElement(instant(reading.receivedAt()));
        provenance.addAgent().setType(concept(Code.AGENT_AUTHOR)).setWho(new Reference(deviceUrn));
        provenance.addAgent().setType(concept(Code.AGENT_ASSEMBLER)).setWho(new Reference()
                .setType("Device")
                .setIdentifier(new Identifier().setSystem(LumeeIdentifiers.SOFTWARE)
                        .setValue(LumeeIdentifiers.softwareValue(config.pipelineVersion())))
                .setDisplay("Lumee pipeline " + config.pipelineVersion()));
        provenance.addEntity().setRole(ProvenanceEntityRole.SOURCE).setWhat(new Reference().setIdentifier(
                new Identifier().setSystem(LumeeIdentifiers.READING).setValue(reading.readingId())));
        provenance.addEntity().setRole(ProvenanceEntityRole.SOURCE).setWhat(new Reference().setIdentifier(
                new Identifier().setSystem(LumeeIdentifiers.SOURCE_RECORD).setValue(reading.source().text())));
        provenance.addSignature().addType(coding(Code.SIGNATURE_SOURCE))
                .setWhenElement(instant(reading.deviceTime()))
                .setWho(new Reference(deviceUrn))
                .setTargetFormat("application/json")
                .setSigFormat("application/jose")
                .setData(reading.jws().getBytes(StandardCharsets.US_ASCII));
        return provenance;
    }

    private static DataType extensionValue(ExtensionValue value) {
        if (value instanceof ExtensionValue.DecimalValue decimal) {
            return new DecimalType(decimal.value());
        }
        if (value instanceof ExtensionValue.StringValue string) {
            return new StringType(string.value());
        }
        if (value instanceof ExtensionValue.QuantityValue quantity) {
            return new Quantity().setValue(quantity.value()).setUnit(quantity.unit());
        }
        ExtensionValue.ReferenceValue reference = (ExtensionValue.ReferenceValue) value;
        return new Reference().setType(reference.type())
                .setIdentifier(new Identifier().setSystem(reference.system()).setValue(reference.value()));
    }

    private static Quantity ucum(double value, String unit) {
        return new Quantity().setValue(Decimals.exact(value)).setUnit(unit).setSystem(Code.UCUM).setCode(unit);
    }

    private static Coding coding(Code code) {
        return new Coding(code.system(), code.code(), code.display());
    }

    private static CodeableConcept concept(Code code) {
        return new CodeableConcept().addCoding(coding(code));
    }

    private static DateTimeType dateTime(Instant instant) {
        DateTimeType dateTime = new DateTimeType(Date.from(instant), TemporalPrecisionEnum.MILLI, UTC);
        dateTime.setTimeZoneZulu(true);
        return dateTime;
    }

    private static InstantType instant(Instant instant) {
        InstantType at = new InstantType(Date.from(instant), TemporalPrecisionEnum.MILLI, UTC);
        at.setTimeZoneZulu(true);
        return at;
    }
}
