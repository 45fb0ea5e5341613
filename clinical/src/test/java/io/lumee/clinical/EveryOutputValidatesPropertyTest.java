package io.lumee.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.clinical.fhir.FhirVersionUnderTest;
import io.lumee.clinical.hl7.OruR01Mapper;
import io.lumee.clinical.validation.ValidationReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Over random valid readings and configs, every output validates: both FHIR Bundles with zero
 * errors from the official validator, the ORU^R01 with no finding from the parser and our rules.
 * Tries stay modest: each one costs three validations (~0.1 s).
 */
class EveryOutputValidatesPropertyTest {

    private static final OruR01Mapper HL7 = new OruR01Mapper();

    @Property(tries = 60)
    void everyOutputValidates(@ForAll("readings") ProcessedReading reading, @ForAll("configs") MappingConfig config) {
        for (FhirVersionUnderTest version : FhirVersionUnderTest.values()) {
            ValidationReport report = version.validator().validate(version.json(reading, config));
            assertThat(report.errors()).as("%s: %s", version, report.describeErrors()).isEmpty();
        }
        ValidationReport hl7 = SharedValidators.hl7().validate(HL7.mapToEr7(reading, config));
        assertThat(hl7.errors()).as(hl7.describeErrors()).isEmpty();
    }

    @Provide
    Arbitrary<ProcessedReading> readings() {
        Arbitrary<String> deviceIds = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
                .ofMinLength(1).ofMaxLength(64);
        Arbitrary<Instant> deviceTimes = Arbitraries.longs().between(946_684_800_000L, 4_102_444_800_000L)
                .map(Instant::ofEpochMilli);
        Arbitrary<MeasuredValue> canonical = Combinators.combine(
                Arbitraries.doubles().between(-1_000, 1_000).ofScale(3), Arbitraries.of("%", "mm[Hg]", "kPa"))
                .as(MeasuredValue::new);
        Arbitrary<MeasuredValue> original = Combinators.combine(
                Arbitraries.doubles().between(-1e6, 1e6), Arbitraries.of("percent", "permille", "mmHg", "torr", "‰", "Pa"))
                .as(MeasuredValue::new).injectNull(0.5);
        Arbitrary<String> versions = text(1, 24);
        Arbitrary<String> base64url = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                .ofMinLength(1).ofMaxLength(120);
        Arbitrary<String> jws = Combinators.combine(base64url, base64url, base64url).as((h, p, s) -> h + "." + p + "." + s);
        Arbitrary<PatientIdentifier> patients = Combinators.combine(
                Arbitraries.of("http://hospital.example.org/mrn", "urn:oid:2.16.840.1.113883.3.72", "https://id.example.de/kvnr"),
                text(1, 40)).as(PatientIdentifier::new);
        Arbitrary<DeviceFacts> devices = Combinators.combine(text(1, 20),
                Arbitraries.of(Shapes.GS1_UDI, "+H123PARTNO1234567890120/$$420020216LOT123456789012345/SXYZ4567890",
                        "=/A9999XYZ100T0944=,000025=A99971312345600").map(hrf -> Udi.parse(hrf).orElseThrow()).injectNull(0.5))
                .as(DeviceFacts::new);
        Arbitrary<SourceCoordinates> sources = Combinators.combine(Arbitraries.of("lumee.raw", "lumee.orphans"),
                Arbitraries.integers().between(0, 11), Arbitraries.longs().greaterOrEqual(0)).as(SourceCoordinates::new);

        Arbitrary<Identity> identities = Combinators.combine(deviceIds, Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.longs().greaterOrEqual(0)).as(Identity::new);
        Arbitrary<Times> times = Combinators.combine(deviceTimes, Arbitraries.longs().between(0, 86_400_000))
                .as((deviceTime, delay) -> new Times(deviceTime, deviceTime.plusMillis(delay)));
        Arbitrary<Signal> signal = Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.of(true, false))
                .as(Signal::new);

        return Combinators.combine(identities, times, canonical, original, signal, versions, versions, jws)
                .flatAs((id, at, value, converted, quality, sdk, firmware, token) ->
                        Combinators.combine(patients, text(1, 60).injectNull(0.5), devices, sources)
                                .as((patient, consent, device, source) -> new ProcessedReading(
                                        id.deviceId() + ":" + id.epoch() + ":" + id.sequence(), id.deviceId(),
                                        id.epoch(), id.sequence(), at.deviceTime(), at.receivedAt(), value, converted,
                                        quality.quality(), quality.low(), sdk, firmware, token,
                                        patient, consent, device, source, null)));
    }

    private record Identity(String deviceId, int epoch, long sequence) {
    }

    private record Times(Instant deviceTime, Instant receivedAt) {
    }

    private record Signal(double quality, boolean low) {
    }

    @Provide
    Arbitrary<MappingConfig> configs() {
        Arbitrary<ReferenceRange> ranges = Combinators.combine(Arbitraries.doubles().between(-100, 100).ofScale(1),
                Arbitraries.doubles().between(0, 100).ofScale(1), Arbitraries.of("%", "mm[Hg]"))
                .as((low, width, unit) -> new ReferenceRange(low, low + width, unit)).injectNull(0.3);
        Arbitrary<List<MappedCoding>> codings = Arbitraries.of(
                List.<MappedCoding>of(),
                List.of(new MappedCoding("http://loinc.org", "12345-6", "Example only")),
                List.of(new MappedCoding("http://snomed.info/sct", "1234567", null),
                        new MappedCoding("https://codes.hospital.example.org", "TO2", "Tissue O2")));
        Arbitrary<Map<String, AssigningAuthority>> authorities = Arbitraries.of(
                Map.<String, AssigningAuthority>of(),
                Map.of("http://hospital.example.org/mrn", AssigningAuthority.medicalRecordNumbers("HOSP")));
        return Combinators.combine(Arbitraries.of(SubjectMode.values()), ranges, codings, authorities,
                Arbitraries.of(true, false), Arbitraries.of("P", "T", "D"))
                .as((mode, range, extra, authority, qualityObx, processing) -> MappingConfig.builder("0.1.0", "1")
                        .subjectMode(mode).referenceRange(range).extraCodings(extra).assigningAuthorities(authority)
                        .signalQualityObx(qualityObx).processingId(processing).build());
    }

    /**
     * Printable text without surrounding whitespace, including HL7 delimiters, URL and FHIR search
     * specials, and non-ASCII, which every output must escape or carry as is.
     */
    private static Arbitrary<String> text(int min, int max) {
        return Arbitraries.strings().withChars("abcXYZ019 |^~\\&#?%+=,$:/.-_'\"<>éü€").ofMinLength(min).ofMaxLength(max)
                .filter(s -> !s.isBlank() && s.strip().equals(s));
    }
}
