package io.lumee.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Small, valid instances of each record for schema tests. */
public final class SampleRecords {
    public static final Instant DEVICE_TIME = Instant.parse("2026-01-18T14:32:12.345Z");
    public static final Instant RECEIVED_AT = Instant.parse("2026-01-18T14:32:13.001Z");

    private SampleRecords() {}

    public static LumeeReading reading(String deviceId, long sequence) {
        return LumeeReading.newBuilder()
                .setReadingId(deviceId + ":7:" + sequence)
                .setDeviceId(deviceId)
                .setEpoch(7)
                .setSequence(sequence)
                .setDeviceTime(DEVICE_TIME)
                .setTissueO2(42.5)
                .setUnits("%")
                .setSignalQuality(0.92)
                .setSdkVersion("1.3.0")
                .setFirmware("fw-2.4.1")
                .setJws("eyJhbGciOiJIUzI1NiIsImtpZCI6ImhrZGY6MSJ9.e30.c2ln")
                .setGatewayId(null)
                .setReceivedAt(RECEIVED_AT)
                .setIngestId("ingest-1")
                .build();
    }

    public static DeviceRegistration registration(String deviceId) {
        return DeviceRegistration.newBuilder()
                .setDeviceId(deviceId)
                .setStatus(DeviceStatus.ACTIVE)
                .setAlg(SigningAlgorithm.HS256)
                .setPublicKeyJwk(null)
                .setGatewayIds(List.of("ward-7"))
                .setFacility("st-elsewhere")
                .setUdi(null)
                .setAssignments(List.of(PatientAssignment.newBuilder()
                        .setPatientSystem("urn:oid:1.2.36.146.595.217.0.1")
                        .setPatientValue("MRN-1")
                        .setFrom(DEVICE_TIME.minusSeconds(3600))
                        .setTo(null)
                        .setConsentRef(null)
                        .build()))
                .setUpdatedAt(RECEIVED_AT)
                .build();
    }

    public static Rejection rejection(String deviceId) {
        return Rejection.newBuilder()
                .setReadingId(deviceId + ":7:1")
                .setDeviceId(deviceId)
                .setReason(RejectionReason.SIGNATURE)
                .setDetail("signature does not verify")
                .setStage("signature")
                .setSourceTopic("lumee.raw")
                .setSourcePartition(3)
                .setSourceOffset(42L)
                .setOriginal(ByteBuffer.wrap("original".getBytes(StandardCharsets.UTF_8)))
                .setAt(RECEIVED_AT)
                .build();
    }

    public static AuditRecord audit(String deviceId) {
        return AuditRecord.newBuilder()
                .setAt(RECEIVED_AT)
                .setService("stream-processor")
                .setAction(AuditAction.DUPLICATE)
                .setOutcome("dropped")
                .setReadingId(deviceId + ":7:1")
                .setDeviceId(deviceId)
                .setSubjectKey(null)
                .setPeer(null)
                .setReason("DUPLICATE")
                .setDetail("already delivered")
                .build();
    }
}
