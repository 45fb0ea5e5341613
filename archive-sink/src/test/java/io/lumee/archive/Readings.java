package io.lumee.archive;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.MasterSecret;
import io.lumee.protocol.Reading;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.SigningAlgorithm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Signed readings, registrations and audit records as devices, admin-cli and the processor make them. */
public final class Readings {
    public static final MasterSecret MASTER_V1 = master(1, (byte) 0x11);
    public static final MasterSecret MASTER_V2 = master(2, (byte) 0x22);
    public static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private Readings() {}

    public static MasterSecret master(int version, byte fill) {
        byte[] secret = new byte[MasterSecret.LENGTH];
        Arrays.fill(secret, fill);
        return MasterSecret.of(version, secret);
    }

    /** An HS256 reading signed with {@code master}, received {@code sequence} seconds after {@link #T0}. */
    public static LumeeReading hs256(String deviceId, long sequence, MasterSecret master) {
        return reading(deviceId, sequence, JwsSigner.hs256(master, deviceId));
    }

    public static LumeeReading reading(String deviceId, long sequence, JwsSigner signer) {
        Instant deviceTime = T0.plusSeconds(sequence);
        Reading reading = new Reading(deviceId, 7, sequence, deviceTime, 40 + sequence % 20, "%", 0.9, "1.3.0", "fw-2.4.1");
        return LumeeReading.newBuilder()
                .setReadingId(reading.readingId()).setDeviceId(deviceId).setEpoch(7).setSequence(sequence)
                .setDeviceTime(deviceTime).setTissueO2(reading.tissueO2()).setUnits("%").setSignalQuality(0.9)
                .setSdkVersion("1.3.0").setFirmware("fw-2.4.1").setJws(signer.sign(reading)).setGatewayId(null)
                .setReceivedAt(deviceTime.plusMillis(800)).setIngestId("ingest-" + sequence).build();
    }

    /** The reading with its JWS payload altered after signing: a forgery. */
    public static LumeeReading forged(LumeeReading reading) {
        String[] parts = reading.getJws().split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"units\":\"%\"", "\"units\":\"mmHg\"");
        String jws = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        return LumeeReading.newBuilder(reading).setJws(jws).build();
    }

    public static DeviceRegistration hs256Registration(String deviceId) {
        return registration(deviceId, SigningAlgorithm.HS256, null);
    }

    public static DeviceRegistration es256Registration(String deviceId, ECKey privateJwk) {
        return registration(deviceId, SigningAlgorithm.ES256, privateJwk.toPublicJWK().toJSONString());
    }

    public static ECKey newEs256Key(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DeviceRegistration registration(String deviceId, SigningAlgorithm alg, String jwk) {
        return DeviceRegistration.newBuilder()
                .setDeviceId(deviceId).setStatus(DeviceStatus.ACTIVE).setAlg(alg).setPublicKeyJwk(jwk)
                .setGatewayIds(List.of()).setFacility("st-elsewhere").setUdi(null).setAssignments(new ArrayList<>())
                .setUpdatedAt(T0.minusSeconds(86_400)).build();
    }

    /** What the processor writes when it refuses a reading. */
    public static AuditRecord rejected(LumeeReading reading, String reason) {
        return AuditRecord.newBuilder().setAt(reading.getReceivedAt()).setService("stream-processor")
                .setAction(AuditAction.READING_REJECTED).setOutcome("rejected").setReadingId(reading.getReadingId())
                .setDeviceId(reading.getDeviceId()).setSubjectKey(null).setPeer(null).setReason(reason).setDetail("test").build();
    }

    public static AuditRecord accepted(LumeeReading reading) {
        return AuditRecord.newBuilder(rejected(reading, null)).setAction(AuditAction.READING_ACCEPTED).setOutcome("accepted").build();
    }
}
