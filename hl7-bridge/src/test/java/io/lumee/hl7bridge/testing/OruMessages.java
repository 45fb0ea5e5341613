package io.lumee.hl7bridge.testing;

import io.lumee.clinical.DeviceFacts;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.MeasuredValue;
import io.lumee.clinical.PatientIdentifier;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.ReadingIds;
import io.lumee.clinical.SourceCoordinates;
import io.lumee.clinical.hl7.OruR01Mapper;
import io.lumee.platform.config.Secret;
import io.lumee.platform.kafka.ReadingHeaders;
import io.lumee.platform.patient.PatientKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** ORU^R01 messages as the processor writes them: a {@link ProcessedReading} through clinical's mapper, keyed by patient key. */
public final class OruMessages {
    public static final String MRN_SYSTEM = "http://hospital.example.org/mrn";
    private static final MappingConfig MAPPING = MappingConfig.defaults("0.1.0", "1");
    private static final OruR01Mapper MAPPER = new OruR01Mapper();
    private static final PatientKey PATIENT_KEYS =
            new PatientKey(Secret.of("hl7-bridge-tests-patient-key-0123456789".getBytes(StandardCharsets.UTF_8)));
    /** Any compact JWS: the bridge never looks inside. */
    private static final String JWS = "eyJhbGciOiJIUzI1NiJ9.eyJ0ZXN0Ijp0cnVlfQ.c2lnbmF0dXJl";

    private OruMessages() {
    }

    /** One message of a patient: what is sent and what a test checks it by. */
    public record Sent(String patientKey, String mrn, String readingId, String deviceId, String controlId, double value,
                       String er7, ReadingHeaders headers) {
        @Override
        public String toString() {
            return "Sent[" + readingId + ", " + controlId + "]";
        }
    }

    /** The {@code sequence}-th reading of the patient {@code mrn}, from a device of their own, at {@code facility}. */
    public static Sent reading(String mrn, long sequence, String facility) {
        String deviceId = "dev-" + mrn.toLowerCase(java.util.Locale.ROOT);
        Instant deviceTime = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60).plusMillis(sequence);
        double value = 30 + (sequence % 40) + 0.25;
        ProcessedReading reading = new ProcessedReading(deviceId + ":0:" + sequence, deviceId, 0, sequence,
                deviceTime, deviceTime.plusMillis(250), new MeasuredValue(value, "%"), null, 0.9, false, "1.3.0", "fw-2.4.1",
                JWS, new PatientIdentifier(MRN_SYSTEM, mrn), null, new DeviceFacts(facility, null),
                new SourceCoordinates("lumee.raw", 0, sequence), null);
        return new Sent(PATIENT_KEYS.of(MRN_SYSTEM, mrn), mrn, reading.readingId(), deviceId,
                ReadingIds.messageControlId(reading.readingId()), value, MAPPER.mapToEr7(reading, MAPPING),
                new ReadingHeaders(reading.readingId(), deviceId, deviceTime, reading.receivedAt()));
    }
}
