package io.lumee.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One tissue-oxygen reading as a device reports it. Unknown JSON members are not kept here: they
 * stay in the signed payload bytes, which are what gets verified and archived.
 *
 * @param deviceId 1-64 of {@code [A-Za-z0-9._-]}
 * @param epoch drawn at random in [0, 2^31) whenever the device loses its counter
 * @param sequence from 0, one more per reading within an epoch
 * @param timestamp the device clock, whole milliseconds, years 0000-9999
 * @param tissueO2 finite
 * @param units as the SDK reports them, non-blank, at most 32 characters
 * @param signalQuality in [0, 1]
 * @param sdkVersion non-blank, at most 64 characters
 * @param firmware non-blank, at most 64 characters
 */
public record Reading(String deviceId, int epoch, long sequence, Instant timestamp, double tissueO2,
        String units, double signalQuality, String sdkVersion, String firmware) {

    public Reading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(units, "units");
        Objects.requireNonNull(sdkVersion, "sdkVersion");
        Objects.requireNonNull(firmware, "firmware");
        List<String> problems = ReadingRules.problems(deviceId, (long) epoch, sequence, timestamp,
                tissueO2, units, signalQuality, sdkVersion, firmware);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid reading: " + String.join("; ", problems));
        }
    }

    /** {@code <deviceId>:<epoch>:<sequence>}: names this reading for life, across device resets. */
    public String readingId() {
        return deviceId + ":" + epoch + ":" + sequence;
    }

    /**
     * The reading as compact UTF-8 JSON, members in the documented order, as a device writes it
     * before signing. Numbers use the shortest form that reads back as the same double.
     */
    public byte[] toJson() {
        return StrictJson.write(json -> {
            json.writeStartObject();
            json.writeStringField(ReadingField.DEVICE_ID.jsonName(), deviceId);
            json.writeNumberField(ReadingField.EPOCH.jsonName(), epoch);
            json.writeNumberField(ReadingField.SEQUENCE.jsonName(), sequence);
            json.writeStringField(ReadingField.TIMESTAMP.jsonName(), ReadingRules.formatTimestamp(timestamp));
            json.writeNumberField(ReadingField.TISSUE_O2.jsonName(), tissueO2);
            json.writeStringField(ReadingField.UNITS.jsonName(), units);
            json.writeNumberField(ReadingField.SIGNAL_QUALITY.jsonName(), signalQuality);
            json.writeStringField(ReadingField.SDK_VERSION.jsonName(), sdkVersion);
            json.writeStringField(ReadingField.FIRMWARE.jsonName(), firmware);
            json.writeEndObject();
        });
    }

    /** Field names only: the values are PHI-adjacent and this string may reach a log. */
    @Override
    public String toString() {
        return "Reading[" + readingId() + "]";
    }
}
