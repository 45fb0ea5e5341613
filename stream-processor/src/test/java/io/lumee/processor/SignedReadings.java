package io.lumee.processor;

import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.MasterSecret;
import io.lumee.protocol.Reading;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.PatientAssignment;
import io.lumee.schemas.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small builders for signed readings and registrations, as devices and admin-cli make them. */
public final class SignedReadings {
    public static final MasterSecret MASTER_V1 = master(1, (byte) 0x11);
    public static final MasterSecret MASTER_V2 = master(2, (byte) 0x22);
    public static final String PATIENT_SYSTEM = "urn:oid:1.2.36.146.595.217.0.1";

    private SignedReadings() {}

    public static MasterSecret master(int version, byte fill) {
        byte[] secret = new byte[MasterSecret.LENGTH];
        Arrays.fill(secret, fill);
        return MasterSecret.of(version, secret);
    }

    /** A reading a device would send: the typed record and its JWS over the device's own JSON. */
    public static Builder reading(String deviceId, long sequence) {
        return new Builder(deviceId, sequence);
    }

    public static final class Builder {
        private final String deviceId;
        private final long sequence;
        private int epoch = 7;
        private Instant deviceTime = Instant.parse("2026-11-20T10:00:00.000Z");
        private Instant receivedAt;
        private double tissueO2 = 42.5;
        private String units = "%";
        private double signalQuality = 0.92;
        private MasterSecret master = MASTER_V1;
        private com.nimbusds.jose.jwk.ECKey es256Key;

        private Builder(String deviceId, long sequence) {
            this.deviceId = deviceId;
            this.sequence = sequence;
        }

        public Builder epoch(int value) {
            this.epoch = value;
            return this;
        }

        public Builder deviceTime(Instant value) {
            this.deviceTime = value;
            return this;
        }

        public Builder receivedAt(Instant value) {
            this.receivedAt = value;
            return this;
        }

        public Builder tissueO2(double value) {
            this.tissueO2 = value;
            return this;
        }

        public Builder units(String value) {
            this.units = value;
            return this;
        }

        public Builder signalQuality(double value) {
            this.signalQuality = value;
            return this;
        }

        public Builder signedWith(MasterSecret value) {
            this.master = value;
            return this;
        }

        /** ES256 with the device's own private key, instead of an HKDF-derived HS256 key. */
        public Builder signedWith(com.nimbusds.jose.jwk.ECKey privateJwk) {
            this.es256Key = privateJwk;
            return this;
        }

        public LumeeReading build() {
            Reading reading = new Reading(deviceId, epoch, sequence, deviceTime, tissueO2, units, signalQuality,
                    "1.3.0", "fw-2.4.1");
            String jws = (es256Key != null ? JwsSigner.es256(es256Key) : JwsSigner.hs256(master, deviceId)).sign(reading);
            return LumeeReading.newBuilder()
                    .setReadingId(reading.readingId())
                    .setDeviceId(deviceId)
                    .setEpoch(epoch)
                    .setSequence(sequence)
                    .setDeviceTime(deviceTime)
                    .setTissueO2(tissueO2)
                    .setUnits(units)
                    .setSignalQuality(signalQuality)
                    .setSdkVersion("1.3.0")
                    .setFirmware("fw-2.4.1")
                    .setJws(jws)
                    .setGatewayId(null)
                    .setReceivedAt(receivedAt != null ? receivedAt : deviceTime.plusMillis(800))
                    .setIngestId("ingest-" + sequence)
                    .build();
        }
    }

    /** An ACTIVE HS256 device with the given assignments. */
    public static DeviceRegistration registration(String deviceId, PatientAssignment... assignments) {
        return DeviceRegistration.newBuilder()
                .setDeviceId(deviceId)
                .setStatus(DeviceStatus.ACTIVE)
                .setAlg(SigningAlgorithm.HS256)
                .setPublicKeyJwk(null)
                .setGatewayIds(List.of())
                .setFacility("st-elsewhere")
                .setUdi(null)
                .setAssignments(new ArrayList<>(List.of(assignments)))
                .setUpdatedAt(Instant.parse("2026-11-01T00:00:00Z"))
                .build();
    }

    public static PatientAssignment assignment(String patientValue, Instant from, Instant to, String consentRef) {
        return PatientAssignment.newBuilder()
                .setPatientSystem(PATIENT_SYSTEM)
                .setPatientValue(patientValue)
                .setFrom(from)
                .setTo(to)
                .setConsentRef(consentRef)
                .build();
    }

    /** The JWS with one payload character changed, signature untouched. */
    public static String tampered(String jws) {
        String[] parts = jws.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"tissueO2\":42.5", "\"tissueO2\":92.5");
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
