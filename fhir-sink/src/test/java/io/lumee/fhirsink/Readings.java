package io.lumee.fhirsink;

import io.lumee.clinical.DeviceFacts;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.MeasuredValue;
import io.lumee.clinical.PatientIdentifier;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SourceCoordinates;
import io.lumee.clinical.SubjectMode;
import io.lumee.clinical.fhir.r4.R4BundleMapper;
import io.lumee.clinical.fhir.r5.R5BundleMapper;
import io.lumee.platform.kafka.ReadingHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Processed readings and their bundles, made with the real mappers of {@code clinical/}, as the
 * processor writes them to {@code lumee.fhir.r4} / {@code .r5}.
 */
public final class Readings {
    public static final String MRN_SYSTEM = "http://hospital.example.org/mrn";
    /** A JWS of the right shape; the sink never verifies it. */
    private static final String JWS = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImhrZGY6MSJ9.eyJkZXZpY2VJZCI6Imx1bWVlLTAwMDEifQ.c2lnbmF0dXJl";
    /** Recent, so the broker's 7-day retention keeps the records: 10,000 readings span 1,000 s from here. */
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    private static final R4BundleMapper R4 = new R4BundleMapper();
    private static final R5BundleMapper R5 = new R5BundleMapper();

    private Readings() {}

    public static ProcessedReading reading(String deviceId, long sequence, String patientValue) {
        Instant deviceTime = BASE.plusMillis(100 * sequence);
        return new ProcessedReading(deviceId + ":0:" + sequence, deviceId, 0, sequence, deviceTime, deviceTime.plusMillis(700),
                new MeasuredValue(40 + sequence % 20, "%"), null, 0.9, false, "1.3.0", "fw-2.4.1", JWS,
                new PatientIdentifier(MRN_SYSTEM, patientValue), null, new DeviceFacts("ICU-NORTH", null),
                new SourceCoordinates("lumee.raw", 0, sequence), null);
    }

    public static MappingConfig mapping(SubjectMode mode) {
        return MappingConfig.builder("0.1.0", "1").subjectMode(mode).build();
    }

    public static String bundle(FhirVersion version, ProcessedReading reading, SubjectMode mode) {
        return version == FhirVersion.R4 ? R4.mapToJson(reading, mapping(mode)) : R5.mapToJson(reading, mapping(mode));
    }

    public static ReadingHeaders headers(ProcessedReading reading) {
        return new ReadingHeaders(reading.readingId(), reading.deviceId(), reading.deviceTime(), reading.receivedAt());
    }
}
