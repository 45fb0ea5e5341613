package io.lumee.processor.topology;

import static io.lumee.processor.SignedReadings.assignment;
import static io.lumee.processor.SignedReadings.reading;
import static io.lumee.processor.SignedReadings.registration;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.processor.SignedReadings;
import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.Reading;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on authenticity the edge-gateway cannot see (it parses, the processor verifies): a reading
 * replayed through the same or another gateway, each part of the JWS tampered with, a device's key
 * used to speak for another device, and an HKDF master rotation with two active versions while
 * readings signed with the old one are still in flight.
 */
class ReplayAndTamperTest {
    private static final Instant ASSIGNED = Instant.parse("2026-11-01T00:00:00Z");
    private static final String DEVICE = "lumee-0001";
    private static final String OTHER = "lumee-0002";

    private ProcessorFixture fixture = new ProcessorFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void readingReplayedThroughTheSameAndAnotherGatewayIsDeliveredOnceAndAuditedAsDuplicate() {
        register(DEVICE);
        LumeeReading original = reading(DEVICE, 1).build();
        original.setGatewayId("ward-7-hub");

        fixture.send(original);
        LumeeReading sameGateway = copy(original);
        sameGateway.setIngestId("ingest-replayed");
        sameGateway.setReceivedAt(original.getReceivedAt().plusSeconds(30));
        fixture.send(sameGateway);
        LumeeReading otherGateway = copy(original);
        otherGateway.setGatewayId("ward-9-hub");
        otherGateway.setIngestId("ingest-elsewhere");
        otherGateway.setReceivedAt(original.getReceivedAt().plus(Duration.ofMinutes(5)));
        fixture.send(otherGateway);
        fixture.replay(otherGateway);

        assertThat(fixture.fhirR4.readValuesToList()).hasSize(1);
        assertThat(fixture.hl7.readValuesToList()).hasSize(1);
        assertThat(fixture.rejected.isEmpty()).isTrue();
        assertThat(fixture.auditRecords()).extracting(AuditRecord::getAction)
                .containsExactly(AuditAction.READING_ACCEPTED, AuditAction.DUPLICATE, AuditAction.DUPLICATE, AuditAction.DUPLICATE);
    }

    @Test
    void tamperingWithAnyPartOfTheJwsIsRefusedAndNeverBlocksTheGenuineReading() {
        register(DEVICE);
        register(OTHER);
        LumeeReading genuine = reading(DEVICE, 5).build();
        String jws = genuine.getJws();
        String[] part = jws.split("\\.");
        String otherSignature = reading(DEVICE, 6).build().getJws().split("\\.")[2];
        Map<String, String> tampered = new LinkedHashMap<>();
        tampered.put("header alg none", encode("{\"alg\":\"none\",\"kid\":\"hkdf:1\"}") + "." + part[1] + ".");
        tampered.put("header alg HS512", encode("{\"alg\":\"HS512\",\"kid\":\"hkdf:1\"}") + "." + part[1] + "." + part[2]);
        tampered.put("header alg ES256", encode("{\"alg\":\"ES256\",\"kid\":\"hkdf:1\"}") + "." + part[1] + "." + part[2]);
        tampered.put("header kid of an unknown version", encode("{\"alg\":\"HS256\",\"kid\":\"hkdf:9\"}") + "." + part[1] + "." + part[2]);
        tampered.put("header with an extra member", encode("{\"alg\":\"HS256\",\"kid\":\"hkdf:1\",\"typ\":\"JWT\"}") + "." + part[1] + "." + part[2]);
        tampered.put("header with a jwk", encode("{\"alg\":\"HS256\",\"kid\":\"hkdf:1\",\"jwk\":{\"kty\":\"oct\",\"k\":\"AA\"}}")
                + "." + part[1] + "." + part[2]);
        tampered.put("payload value changed", SignedReadings.tampered(jws));
        tampered.put("payload with a trailing space", part[0] + "." + encode(decode(part[1]) + " ") + "." + part[2]);
        tampered.put("payload of another reading", part[0] + "." + reading(DEVICE, 6).build().getJws().split("\\.")[1] + "." + part[2]);
        tampered.put("signature of another reading", part[0] + "." + part[1] + "." + otherSignature);
        tampered.put("signature with one bit flipped", part[0] + "." + part[1] + "." + flipBit(part[2]));
        tampered.put("signature truncated", part[0] + "." + part[1] + "." + part[2].substring(0, part[2].length() - 4));
        tampered.put("signature removed", part[0] + "." + part[1] + ".");
        tampered.put("signature padded", jws + "=");
        tampered.put("a fourth part", jws + "." + part[2]);
        tampered.put("two parts", part[0] + "." + part[1]);
        tampered.put("not base64url", part[0] + "." + part[1].replace('-', '+') + "*" + "." + part[2]);

        for (Map.Entry<String, String> attack : tampered.entrySet()) {
            LumeeReading forged = copy(genuine);
            forged.setJws(attack.getValue());
            fixture.send(forged);
            List<Rejection> rejections = fixture.rejected.readValuesToList();
            assertThat(rejections).as(attack.getKey()).singleElement()
                    .satisfies(r -> assertThat(r.getReason()).as(attack.getKey()).isIn(RejectionReason.SIGNATURE, RejectionReason.SCHEMA));
            assertThat(fixture.fhirR4.isEmpty()).as(attack.getKey() + " delivered nothing").isTrue();
        }

        fixture.send(genuine);

        assertThat(fixture.fhirR4.readValuesToList()).as("the genuine reading after every forgery of it").hasSize(1);
    }

    @Test
    void aDeviceKeyCannotSpeakForAnotherDevice() {
        register(DEVICE);
        register(OTHER);
        // signed with DEVICE's own key, claiming to be OTHER in both the payload and the record
        Reading claim = new Reading(OTHER, 7, 1, Instant.parse("2026-11-20T10:00:00.000Z"), 42.5, "%", 0.92, "1.3.0", "fw-2.4.1");
        LumeeReading forged = reading(OTHER, 1).build();
        forged.setJws(JwsSigner.hs256(SignedReadings.MASTER_V1, DEVICE).sign(claim));
        // the payload names DEVICE, signed by DEVICE, but the record says OTHER
        LumeeReading relabelled = reading(DEVICE, 2).build();
        relabelled.setDeviceId(OTHER);
        relabelled.setReadingId(OTHER + ":7:2");

        // signed with OTHER's own key, on OTHER's record, but the payload claims to be DEVICE's reading
        Reading speaksForDevice = new Reading(DEVICE, 7, 3, Instant.parse("2026-11-20T10:00:00.000Z"), 42.5, "%", 0.92, "1.3.0", "fw-2.4.1");
        LumeeReading onOwnRecord = reading(OTHER, 3).build();
        onOwnRecord.setJws(JwsSigner.hs256(SignedReadings.MASTER_V1, OTHER).sign(speaksForDevice));

        fixture.send(forged);
        fixture.send(relabelled);
        fixture.send(onOwnRecord);

        assertThat(fixture.rejected.readValuesToList()).extracting(Rejection::getReason)
                .containsExactly(RejectionReason.SIGNATURE, RejectionReason.SIGNATURE, RejectionReason.SIGNATURE);
        assertThat(fixture.fhirR4.isEmpty()).isTrue();
    }

    @Test
    void masterRotationWithTwoActiveVersionsRejectsNoReadingInFlight() {
        restart(ProcessorFixture.settings().masters(SignedReadings.MASTER_V1, SignedReadings.MASTER_V2));
        Random random = new Random(42);
        List<LumeeReading> sent = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            String deviceId = "rot-" + d;
            register(deviceId);
            int reflashedAt = random.nextInt(20);
            for (int s = 0; s < 20; s++) {
                // a device re-flashed with a version-2 key mid-stream; what it signed before is still on its way
                sent.add(reading(deviceId, s).signedWith(s < reflashedAt ? SignedReadings.MASTER_V1 : SignedReadings.MASTER_V2)
                        .deviceTime(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(s)).build());
            }
        }
        Collections.shuffle(sent, random);
        // a device not registered yet: its version-1 readings wait as orphans and are released after the rotation began
        List<LumeeReading> orphans = List.of(reading("rot-late", 0).build(), reading("rot-late", 1).signedWith(SignedReadings.MASTER_V2).build());

        orphans.forEach(fixture::send);
        sent.forEach(fixture::send);
        register("rot-late");

        assertThat(fixture.rejected.readValuesToList()).as("no reading of either active version is refused").isEmpty();
        assertThat(fixture.fhirR4.readValuesToList()).hasSize(sent.size() + orphans.size());
    }

    @Test
    void afterTheOldVersionIsRetiredItsReadingsAreRefusedAndReplayableOnceItIsBack() {
        restart(ProcessorFixture.settings().masters(SignedReadings.MASTER_V2));
        register(DEVICE);
        LumeeReading late = reading(DEVICE, 3).signedWith(SignedReadings.MASTER_V1).build();

        fixture.send(late);

        Rejection refused = fixture.rejected.readValuesToList().get(0);
        assertThat(refused.getReason()).isEqualTo(RejectionReason.SIGNATURE);
        assertThat(refused.getDetail()).contains("hkdf:1");
        // not remembered by the duplicate filter: once version 1 is active again, a DLQ replay delivers it
        fixture.close();
        fixture = new ProcessorFixture(ProcessorFixture.settings().masters(SignedReadings.MASTER_V1, SignedReadings.MASTER_V2).build());
        register(DEVICE);
        fixture.replay(late);
        assertThat(fixture.fhirR4.readValuesToList()).hasSize(1);
    }

    private void restart(ProcessorFixture.SettingsBuilder settings) {
        fixture.close();
        fixture = new ProcessorFixture(settings.build());
    }

    private void register(String deviceId) {
        fixture.register(registration(deviceId, assignment("MRN-" + deviceId, ASSIGNED, null, "Consent/c-1")));
    }

    private static LumeeReading copy(LumeeReading reading) {
        return LumeeReading.newBuilder(reading).build();
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String flipBit(String part) {
        byte[] bytes = Base64.getUrlDecoder().decode(part);
        bytes[bytes.length / 2] ^= 0x01;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
