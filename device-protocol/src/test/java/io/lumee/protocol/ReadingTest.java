package io.lumee.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingTest {

    @Test
    void readingIdIsDeviceEpochAndSequence() {
        Reading reading = new Reading("lumee-0001", 2_000_000_000, 1842, Instant.parse("2026-01-18T14:32:12.345Z"),
                42.5, "%", 0.92, "1.3.0", "fw-2.4.1");

        assertThat(reading.readingId()).isEqualTo("lumee-0001:2000000000:1842");
    }

    @Test
    void writesTheJsonOfTheDesignExample() {
        assertThat(new String(SampleReadings.reading().toJson(), StandardCharsets.UTF_8))
                .isEqualTo(SampleReadings.JSON);
    }

    @Test
    void writtenJsonParsesBackToTheSameReading() {
        Reading reading = new Reading("dev.x-1_Z", Integer.MAX_VALUE, Long.MAX_VALUE,
                Instant.parse("1999-12-31T23:59:59.001Z"), -1.0E-7, "mmHg ±", 0, "sdk \"quoted\"", "fw/1");

        assertThat(ReadingParser.parse(reading.toJson()))
                .isEqualTo(new ReadingParse.Valid(reading));
    }

    @Test
    void writesTimestampsWithExactlyThreeFractionalDigits() {
        Reading reading = new Reading("d", 1, 2, Instant.parse("2026-01-18T14:32:12Z"), 1, "%", 1, "s", "f");

        assertThat(new String(reading.toJson(), StandardCharsets.UTF_8))
                .contains("\"timestamp\":\"2026-01-18T14:32:12.000Z\"");
    }

    @Test
    void constructorRefusesEveryBrokenRuleInOneMessage() {
        assertThatThrownBy(() -> new Reading("bad id", -1, -1, Instant.parse("2026-01-18T14:32:12.345678Z"),
                Double.NaN, " ", 1.5, "", "x".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("deviceId:", "epoch:", "sequence:", "timestamp:", "tissueO2:", "units:",
                        "signalQuality:", "sdkVersion:", "firmware:");
    }

    @Test
    void constructorRefusesSubMillisecondTimestamps() {
        Instant micros = Instant.parse("2026-01-18T14:32:12.345001Z");

        assertThatThrownBy(() -> new Reading("d", 0, 0, micros, 1, "%", 1, "s", "f"))
                .hasMessageContaining("timestamp:");
    }

    @Test
    void constructorRefusesYearsRfc3339CannotSpell() {
        Instant year10000 = Instant.parse("+10000-01-01T00:00:00Z");

        assertThatThrownBy(() -> new Reading("d", 0, 0, year10000, 1, "%", 1, "s", "f"))
                .hasMessageContaining("timestamp:");
    }

    @Test
    void lengthLimitsCountCodePointsNotUtf16Units() {
        String thirtyTwoEmoji = "\uD83D\uDE00".repeat(32);

        assertThat(new Reading("d", 0, 0, Instant.EPOCH, 1, thirtyTwoEmoji, 1, "s", "f").units())
                .isEqualTo(thirtyTwoEmoji);
        assertThatThrownBy(() -> new Reading("d", 0, 0, Instant.EPOCH, 1, thirtyTwoEmoji + "x", 1, "s", "f"))
                .hasMessageContaining("units:");
    }

    @Test
    void toStringShowsTheReadingIdButNoReadingValue() {
        assertThat(SampleReadings.reading().toString())
                .contains("lumee-0001:0:1842")
                .doesNotContain("42.5", "0.92", "%");
    }
}
