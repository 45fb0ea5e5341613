package io.lumee.bench.jmh;

import io.lumee.clinical.DeviceFacts;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.MeasuredValue;
import io.lumee.clinical.PatientIdentifier;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SourceCoordinates;
import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.MasterSecret;
import io.lumee.protocol.Reading;
import java.time.Instant;

/** What the benchmarks feed the code: a reading as a device signs it, and as the processor hands it to the mappers. */
final class Fixtures {
    static final MasterSecret MASTER = MasterSecret.of(1, new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    static final String DEVICE = "lumee-0001";
    static final Instant DEVICE_TIME = Instant.parse("2026-01-18T14:32:12.345Z");
    static final MappingConfig MAPPING = MappingConfig.defaults("0.1.0-SNAPSHOT", "1");

    private Fixtures() {}

    static Reading reading(long sequence) {
        return new Reading(DEVICE, 7, sequence, DEVICE_TIME.plusMillis(sequence * 1000), 42.5, "%", 0.92, "1.3.0", "fw-2.4.1");
    }

    static String jws(long sequence) {
        return JwsSigner.hs256(MASTER, DEVICE).sign(reading(sequence));
    }

    static ProcessedReading processed(long sequence) {
        Reading reading = reading(sequence);
        return new ProcessedReading(reading.readingId(), DEVICE, reading.epoch(), sequence, reading.timestamp(),
                reading.timestamp().plusMillis(120), new MeasuredValue(42.5, "%"), null, 0.92, false, "1.3.0", "fw-2.4.1",
                jws(sequence), new PatientIdentifier("urn:oid:2.16.840.1.113883.19.5.99", "MRN-000123"), null,
                new DeviceFacts("ICU-NORTH", null), new SourceCoordinates("lumee.raw", 7, 120_431 + sequence), null);
    }
}
