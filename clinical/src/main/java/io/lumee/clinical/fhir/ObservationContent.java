package io.lumee.clinical.fhir;

import io.lumee.clinical.Decimals;
import io.lumee.clinical.LumeeCodes;
import io.lumee.clinical.MappedCoding;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.ReferenceRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an Observation says about a reading, decided once for both FHIR versions: its codings, its
 * interpretations, its reference range and its extensions, in the order they are written.
 *
 * @param codes Observation.code codings: the Lumee code first, then the configured ones
 * @param interpretations H or L outside the reference range; the Lumee low-quality code when flagged
 * @param referenceRange the configured range, when it is in the reading's unit
 * @param extensions in {@link LumeeExtension} order, absent ones left out
 * @param notes Observation.note texts: what a clinician must know to read the value
 */
public record ObservationContent(List<Code> codes, List<Code> interpretations,
        Optional<ReferenceRange> referenceRange, List<ExtensionValue> extensions, List<String> notes) {

    /** Said the same way in the FHIR note and the HL7 NTE. */
    public static String clockCorrectionNote(Duration ahead) {
        return "The device clock ran " + ahead.toSeconds() + " s ahead of receipt; the observation time is the"
                + " time the pipeline received the reading.";
    }

    public static ObservationContent of(ProcessedReading reading, MappingConfig config) {
        List<Code> codes = new ArrayList<>();
        codes.add(lumeeCode(config, LumeeCodes.TISSUE_O2));
        for (MappedCoding extra : config.extraCodings()) {
            codes.add(new Code(extra.system(), extra.code(), extra.display()));
        }

        Optional<ReferenceRange> range = Optional.ofNullable(config.referenceRange())
                .filter(r -> r.appliesTo(reading.value()));
        List<Code> interpretations = new ArrayList<>();
        range.map(r -> r.classify(reading.value().value())).ifPresent(flag -> {
            if (flag == ReferenceRange.Flag.LOW) {
                interpretations.add(Code.INTERPRETATION_LOW);
            } else if (flag == ReferenceRange.Flag.HIGH) {
                interpretations.add(Code.INTERPRETATION_HIGH);
            }
        });
        if (reading.lowQuality()) {
            interpretations.add(lumeeCode(config, LumeeCodes.LOW_SIGNAL_QUALITY));
        }

        List<ExtensionValue> extensions = new ArrayList<>();
        extensions.add(new ExtensionValue.DecimalValue(LumeeExtension.SIGNAL_QUALITY,
                Decimals.exact(reading.signalQuality())));
        extensions.add(new ExtensionValue.StringValue(LumeeExtension.SDK_VERSION, reading.sdkVersion()));
        extensions.add(new ExtensionValue.StringValue(LumeeExtension.FIRMWARE_VERSION, reading.firmware()));
        reading.originalIfConverted().ifPresent(original -> extensions.add(new ExtensionValue.QuantityValue(
                LumeeExtension.ORIGINAL_VALUE, Decimals.exact(original.value()), original.unit())));
        extensions.add(new ExtensionValue.StringValue(LumeeExtension.SCHEMA_VERSION, config.schemaVersion()));
        extensions.add(new ExtensionValue.StringValue(LumeeExtension.PIPELINE_VERSION, config.pipelineVersion()));
        reading.consent().ifPresent(consent -> extensions.add(new ExtensionValue.ReferenceValue(
                LumeeExtension.CONSENT, "Consent", LumeeIdentifiers.CONSENT, consent)));

        List<String> notes = reading.clockCorrected().map(ObservationContent::clockCorrectionNote).stream().toList();
        return new ObservationContent(List.copyOf(codes), List.copyOf(interpretations), range,
                List.copyOf(extensions), notes);
    }

    private static Code lumeeCode(MappingConfig config, LumeeCodes code) {
        return new Code(config.codeSystemUrl(), code.code(), code.display());
    }
}
