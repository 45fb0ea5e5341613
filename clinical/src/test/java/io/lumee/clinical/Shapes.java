package io.lumee.clinical;

import java.util.ArrayList;
import java.util.List;

/**
 * Every shape a reading can take through the mappings: each subject mode, converted or not, low
 * quality or not, with or without a consent, with or without a UDI (2^5 = 32 shapes); the readings
 * both converted and of low quality also have a corrected device clock, so every note appears together.
 */
public final class Shapes {

    public static final String GS1_UDI = "(01)00844588003288(17)141120(10)7654321D(21)10987654d321";

    /** A reading, the config it is mapped with, and a name saying which facts it has. */
    public record Shape(String name, ProcessedReading reading, MappingConfig config) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Shapes() {
    }

    public static MappingConfig config() {
        return MappingConfig.builder("0.1.0", "1").referenceRange(new ReferenceRange(40, 90, "%")).build();
    }

    public static List<Shape> all() {
        List<Shape> shapes = new ArrayList<>();
        for (SubjectMode mode : SubjectMode.values()) {
            for (int facts = 0; facts < 16; facts++) {
                boolean converted = (facts & 1) != 0;
                boolean lowQuality = (facts & 2) != 0;
                boolean consent = (facts & 4) != 0;
                boolean udi = (facts & 8) != 0;
                ExampleReadings.Builder reading = ExampleReadings.builder().identity("lumee-0001", 0, 1842 + facts);
                if (converted) {
                    reading.converted(new MeasuredValue(425, "permille"), new MeasuredValue(42.5, "%"));
                }
                if (lowQuality) {
                    reading.signalQuality(0.12, true);
                }
                if (consent) {
                    reading.consent("consent-2026-0042");
                }
                if (udi) {
                    reading.udi(GS1_UDI);
                }
                boolean clockCorrected = converted && lowQuality;
                if (clockCorrected) {
                    reading.clockCorrected(java.time.Duration.ofMinutes(42));
                }
                String name = mode + (converted ? ", converted" : "") + (lowQuality ? ", low quality" : "")
                        + (consent ? ", consent" : "") + (udi ? ", UDI" : "")
                        + (clockCorrected ? ", clock corrected" : "");
                shapes.add(new Shape(name, reading.build(), config().toBuilder().subjectMode(mode).build()));
            }
        }
        return List.copyOf(shapes);
    }
}
