package io.lumee.clinical;

import java.time.Instant;

/** Readings to map in tests, starting from the one the docs show. */
public final class ExampleReadings {

    /** The HS256 test vector of docs/device-protocol.md: the device's signed payload for the documented reading. */
    public static final String DOCUMENTED_JWS = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImhrZGY6MSJ9."
            + "eyJkZXZpY2VJZCI6Imx1bWVlLTAwMDEiLCJlcG9jaCI6MCwic2VxdWVuY2UiOjE4NDIsInRpbWVzdGFtcCI6IjIwMjYtMDEtMThU"
            + "MTQ6MzI6MTIuMzQ1WiIsInRpc3N1ZU8yIjo0Mi41LCJ1bml0cyI6IiUiLCJzaWduYWxRdWFsaXR5IjowLjkyLCJzZGtWZXJzaW9u"
            + "IjoiMS4zLjAiLCJmaXJtd2FyZSI6ImZ3LTIuNC4xIn0.mNkoFTduSojHhZa5fIbFwd1K9hvdrO8ZTVUv8vmJ8Xg";

    public static final PatientIdentifier MRN = new PatientIdentifier("http://hospital.example.org/mrn", "MRN-000123");

    private ExampleReadings() {
    }

    /** lumee-0001:0:1842, 42.5 %, good signal, no conversion, no consent recorded, no UDI. */
    public static ProcessedReading documented() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from {@link #documented()}; each method changes one fact. */
    public static final class Builder {
        private String deviceId = "lumee-0001";
        private int epoch = 0;
        private long sequence = 1842;
        private Instant deviceTime = Instant.parse("2026-01-18T14:32:12.345Z");
        private Instant receivedAt = Instant.parse("2026-01-18T14:32:13.021Z");
        private MeasuredValue value = new MeasuredValue(42.5, "%");
        private MeasuredValue original;
        private double signalQuality = 0.92;
        private boolean lowQuality;
        private String sdkVersion = "1.3.0";
        private String firmware = "fw-2.4.1";
        private String jws = DOCUMENTED_JWS;
        private PatientIdentifier patient = MRN;
        private String consentRef;
        private String facility = "ICU-NORTH";
        private Udi udi;
        private SourceCoordinates source = new SourceCoordinates("lumee.raw", 7, 120_431);
        private java.time.Duration clockCorrection;

        public Builder identity(String deviceId, int epoch, long sequence) {
            this.deviceId = deviceId;
            this.epoch = epoch;
            this.sequence = sequence;
            return this;
        }

        public Builder times(Instant deviceTime, Instant receivedAt) {
            this.deviceTime = deviceTime;
            this.receivedAt = receivedAt;
            return this;
        }

        public Builder value(double value, String ucumUnit) {
            this.value = new MeasuredValue(value, ucumUnit);
            this.original = null;
            return this;
        }

        /** The device reported {@code original}; the processor converted it to {@code canonical}. */
        public Builder converted(MeasuredValue original, MeasuredValue canonical) {
            this.original = original;
            this.value = canonical;
            return this;
        }

        public Builder signalQuality(double quality, boolean low) {
            this.signalQuality = quality;
            this.lowQuality = low;
            return this;
        }

        public Builder versions(String sdkVersion, String firmware) {
            this.sdkVersion = sdkVersion;
            this.firmware = firmware;
            return this;
        }

        public Builder jws(String jws) {
            this.jws = jws;
            return this;
        }

        public Builder patient(PatientIdentifier patient) {
            this.patient = patient;
            return this;
        }

        public Builder consent(String consentRef) {
            this.consentRef = consentRef;
            return this;
        }

        public Builder facility(String facility) {
            this.facility = facility;
            return this;
        }

        public Builder udi(String carrierHrf) {
            this.udi = Udi.parse(carrierHrf).orElseThrow();
            return this;
        }

        /** The processor replaced a device time this far ahead of receipt by the receipt time. */
        public Builder clockCorrected(java.time.Duration ahead) {
            this.clockCorrection = ahead;
            this.deviceTime = receivedAt;
            return this;
        }

        public Builder source(SourceCoordinates source) {
            this.source = source;
            return this;
        }

        public ProcessedReading build() {
            return new ProcessedReading(deviceId + ":" + epoch + ":" + sequence, deviceId, epoch, sequence,
                    deviceTime, receivedAt, value, original, signalQuality, lowQuality, sdkVersion, firmware, jws,
                    patient, consentRef, new DeviceFacts(facility, udi), source, clockCorrection);
        }
    }
}
