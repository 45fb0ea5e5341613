package io.lumee.clinical;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reading after the processor has verified, normalized and assigned it: everything the FHIR and
 * HL7 mappings need, and nothing they would have to look up.
 *
 * @param readingId {@code <deviceId>:<epoch>:<sequence>}
 * @param deviceId 1-64 of {@code [A-Za-z0-9._-]}
 * @param epoch in [0, 2^31)
 * @param sequence >= 0
 * @param deviceTime when the device took the reading, by its clock
 * @param receivedAt when the ingest point received it
 * @param value the canonical value; its unit is a UCUM code
 * @param original the value and unit as the device reported them, or null when no conversion
 *     was needed
 * @param signalQuality in [0, 1]
 * @param lowQuality whether the processor judged the signal quality too low to trust the value
 * @param sdkVersion the device SDK's version
 * @param firmware the device's firmware version
 * @param jws the compact JWS exactly as received
 * @param patient the patient assigned to the device at {@code deviceTime}
 * @param consentRef the consent in force for that assignment, or null when none is recorded
 * @param device facts from the device's registration
 * @param source the Kafka record the reading was read from
 * @param clockCorrection how far the device clock ran ahead of receipt when the processor corrected it
 *     (then {@code deviceTime} holds the receipt time), or null when the device time is as signed
 */
public record ProcessedReading(
        String readingId,
        String deviceId,
        int epoch,
        long sequence,
        Instant deviceTime,
        Instant receivedAt,
        MeasuredValue value,
        MeasuredValue original,
        double signalQuality,
        boolean lowQuality,
        String sdkVersion,
        String firmware,
        String jws,
        PatientIdentifier patient,
        String consentRef,
        DeviceFacts device,
        SourceCoordinates source,
        Duration clockCorrection) {

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    public ProcessedReading {
        Objects.requireNonNull(readingId, "readingId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceTime, "deviceTime");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(jws, "jws");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(source, "source");
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("deviceId must be 1-64 of [A-Za-z0-9._-]");
        }
        if (epoch < 0 || sequence < 0) {
            throw new IllegalArgumentException("epoch and sequence must be >= 0");
        }
        if (!readingId.equals(deviceId + ":" + epoch + ":" + sequence)) {
            throw new IllegalArgumentException("readingId must be <deviceId>:<epoch>:<sequence>");
        }
        if (!(signalQuality >= 0.0 && signalQuality <= 1.0)) {
            throw new IllegalArgumentException("signalQuality must be in [0, 1]");
        }
        TextRules.requireText(sdkVersion, "sdkVersion", 64);
        TextRules.requireText(firmware, "firmware", 64);
        if (!COMPACT_JWS.matcher(jws).matches()) {
            throw new IllegalArgumentException("jws must be a compact JWS (three base64url parts)");
        }
        if (consentRef != null) {
            TextRules.requireText(consentRef, "consentRef", 256);
        }
        if (clockCorrection != null && (clockCorrection.isNegative() || clockCorrection.isZero())) {
            throw new IllegalArgumentException("clockCorrection must be positive when present");
        }
    }

    /** How far ahead the device clock ran, when the processor replaced the device time by the receipt time. */
    public Optional<Duration> clockCorrected() {
        return Optional.ofNullable(clockCorrection);
    }

    /** The value and unit as reported, when the processor converted them to the canonical unit. */
    public Optional<MeasuredValue> originalIfConverted() {
        return Optional.ofNullable(original);
    }

    public Optional<String> consent() {
        return Optional.ofNullable(consentRef);
    }

    /** The reading id only: values and the patient identifier must never reach a log line. */
    @Override
    public String toString() {
        return "ProcessedReading[" + readingId + "]";
    }
}
