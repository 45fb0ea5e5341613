package io.lumee.processor.topology;

import static io.lumee.processor.SignedReadings.assignment;
import static io.lumee.processor.SignedReadings.reading;
import static io.lumee.processor.SignedReadings.registration;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.processor.SignedReadings;
import io.lumee.processor.outputs.OutputKind;
import io.lumee.processor.plausibility.ClockSkewPolicy;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessorTopologyTest {
    private static final Instant ASSIGNED = Instant.parse("2026-11-01T00:00:00Z");
    private static final String DEVICE = "lumee-0001";

    private ProcessorFixture fixture = new ProcessorFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private void restart(ProcessorFixture.SettingsBuilder settings) {
        fixture.close();
        fixture = new ProcessorFixture(settings.build());
    }

    private void registerWithPatient(String deviceId, String patient) {
        fixture.register(registration(deviceId, assignment(patient, ASSIGNED, null, "Consent/c-1")));
    }

    private Rejection onlyRejection() {
        List<Rejection> rejections = fixture.rejected.readValuesToList();
        assertThat(rejections).hasSize(1);
        return rejections.get(0);
    }

    private List<AuditAction> auditActions() {
        return fixture.auditRecords().stream().map(AuditRecord::getAction).toList();
    }

    // --- the happy path and its outputs

    @Test
    void validReadingReachesEveryEnabledOutputKeyedByPatientWithHeadersAndReceiptTimestamp() {
        registerWithPatient(DEVICE, "MRN-1");
        LumeeReading sent = reading(DEVICE, 1).build();

        fixture.send(sent);

        String patientKey = fixture.patientKeyOf("MRN-1");
        TestRecord<String, String> r4 = fixture.fhirR4.readRecord();
        TestRecord<String, String> r5 = fixture.fhirR5.readRecord();
        TestRecord<String, String> oru = fixture.hl7.readRecord();
        for (TestRecord<String, String> output : List.of(r4, r5, oru)) {
            assertThat(output.key()).isEqualTo(patientKey).doesNotContain("MRN-1");
            assertThat(output.getRecordTime()).isEqualTo(sent.getReceivedAt());
            assertHeaders(output.headers(), sent);
        }
        assertThat(r4.value()).contains("\"resourceType\":\"Bundle\"").contains(sent.getReadingId());
        assertThat(oru.value()).startsWith("MSH|");
        assertThat(fixture.rejected.isEmpty()).isTrue();
        List<AuditRecord> audit = fixture.auditRecords();
        assertThat(audit).singleElement().satisfies(record -> {
            assertThat(record.getAction()).isEqualTo(AuditAction.READING_ACCEPTED);
            assertThat(record.getSubjectKey()).isEqualTo(patientKey);
            assertThat(record.toString()).doesNotContain("MRN-1").doesNotContain("42.5");
        });
    }

    @Test
    void outputsCanBeSwitchedOff() {
        restart(ProcessorFixture.settings().outputs(OutputKind.FHIR_R5));
        registerWithPatient(DEVICE, "MRN-1");

        fixture.send(reading(DEVICE, 1).build());

        assertThat(fixture.fhirR5.readValuesToList()).hasSize(1);
        assertThat(fixture.fhirR4.isEmpty()).isTrue();
        assertThat(fixture.hl7.isEmpty()).isTrue();
    }

    @Test
    void lowQualityReadingFlowsFlagged() {
        registerWithPatient(DEVICE, "MRN-1");

        fixture.send(reading(DEVICE, 1).signalQuality(0.4).build());

        assertThat(fixture.fhirR4.readValue()).contains("interpretation");
        assertThat(fixture.hl7.readValue()).contains("NTE|");
    }

    @Test
    void convertedUnitKeepsTheOriginal() {
        registerWithPatient(DEVICE, "MRN-1");

        fixture.send(reading(DEVICE, 1).tissueO2(5.0).units("kPa").build());

        String bundle = fixture.fhirR4.readValue();
        assertThat(bundle).contains("\"code\":\"mm[Hg]\"").contains("kPa");
    }

    // --- step 1: schema

    @Test
    void undecodableRecordGoesToTheDlqWithItsOriginalBytesAndTheStreamGoesOn() {
        registerWithPatient(DEVICE, "MRN-1");
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        fixture.sendRaw(ProcessorFixture.key(DEVICE), garbage, ProcessorFixture.START);
        fixture.send(reading(DEVICE, 1).build());

        Rejection rejection = onlyRejection();
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.SCHEMA);
        assertThat(rejection.getOriginal().array()).isEqualTo(garbage);
        assertThat(rejection.getSourceTopic()).isEqualTo("lumee.raw");
        assertThat(rejection.getSourceOffset()).isZero();
        assertThat(fixture.fhirR4.readValuesToList()).hasSize(1);
    }

    @Test
    void recordKeyedByAnotherDeviceIsRefusedAsSchema() {
        registerWithPatient(DEVICE, "MRN-1");
        LumeeReading sent = reading(DEVICE, 1).build();

        fixture.sendRaw(ProcessorFixture.key("lumee-0002"), fixture.encode(sent), sent.getReceivedAt());

        assertThat(onlyRejection().getDetail()).contains("key");
        assertThat(fixture.fhirR4.isEmpty()).isTrue();
    }

    @Test
    void recordInTheWrongPartitionIsRefusedAsSchema() {
        // the driver has one partition; with twelve configured, a key murmur2 maps elsewhere is misplaced
        restart(ProcessorFixture.settings().rawPartitions(12));
        String misplaced = "lumee-0003";
        assertThat(org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                misplaced.getBytes(StandardCharsets.UTF_8))) % 12).isNotZero();
        registerWithPatient(misplaced, "MRN-1");

        fixture.send(reading(misplaced, 1).build());

        Rejection rejection = onlyRejection();
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.SCHEMA);
        assertThat(rejection.getDetail()).contains("partition 0").contains("of 12");
    }

    // --- step 2: device

    @Test
    void revokedRetiredAndUnknownStatusesAreRefused() {
        for (DeviceStatus status : List.of(DeviceStatus.REVOKED, DeviceStatus.RETIRED, DeviceStatus.UNKNOWN)) {
            String deviceId = "dev-" + status.name().toLowerCase();
            DeviceRegistration registration = registration(deviceId, assignment("MRN-1", ASSIGNED, null, null));
            registration.setStatus(status);
            fixture.register(registration);
            fixture.send(reading(deviceId, 1).build());
        }

        assertThat(fixture.rejected.readValuesToList()).extracting(Rejection::getReason)
                .containsExactly(RejectionReason.REVOKED_DEVICE, RejectionReason.REVOKED_DEVICE, RejectionReason.REVOKED_DEVICE);
        assertThat(fixture.fhirR4.isEmpty()).isTrue();
    }

    // --- step 3: signature

    @Test
    void tamperedPayloadIsRefusedAsSignature() {
        registerWithPatient(DEVICE, "MRN-1");
        LumeeReading sent = reading(DEVICE, 1).build();
        sent.setJws(SignedReadings.tampered(sent.getJws()));

        fixture.send(sent);

        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.SIGNATURE);
    }

    @Test
    void typedFieldThatDiffersFromTheSignedPayloadIsRefusedAsSignature() {
        registerWithPatient(DEVICE, "MRN-1");
        LumeeReading sent = reading(DEVICE, 1).build();
        sent.setTissueO2(99.0);

        fixture.send(sent);

        Rejection rejection = onlyRejection();
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.SIGNATURE);
        assertThat(rejection.getDetail()).contains("tissueO2").doesNotContain("99");
    }

    @Test
    void masterSecretRotationAcceptsBothActiveVersionsAndRefusesARetiredOne() {
        restart(ProcessorFixture.settings().masters(SignedReadings.MASTER_V1, SignedReadings.MASTER_V2));
        registerWithPatient(DEVICE, "MRN-1");

        fixture.send(reading(DEVICE, 1).signedWith(SignedReadings.MASTER_V1).build());
        fixture.send(reading(DEVICE, 2).signedWith(SignedReadings.MASTER_V2).build());
        fixture.send(reading(DEVICE, 3).signedWith(SignedReadings.master(3, (byte) 0x33)).build());

        assertThat(fixture.fhirR4.readValuesToList()).hasSize(2);
        Rejection rejection = onlyRejection();
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.SIGNATURE);
        assertThat(rejection.getDetail()).contains("hkdf:3");
    }

    @Test
    void es256DeviceIsVerifiedWithTheJwkInItsRegistrationAndNothingElse() throws Exception {
        com.nimbusds.jose.jwk.ECKey deviceKey = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
                com.nimbusds.jose.jwk.Curve.P_256).keyID("dev-key-1").generate();
        com.nimbusds.jose.jwk.ECKey otherKey = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
                com.nimbusds.jose.jwk.Curve.P_256).keyID("dev-key-1").generate();
        DeviceRegistration registration = registration(DEVICE, assignment("MRN-1", ASSIGNED, null, null));
        registration.setAlg(io.lumee.schemas.SigningAlgorithm.ES256);
        registration.setPublicKeyJwk(deviceKey.toPublicJWK().toJSONString());
        fixture.register(registration);

        fixture.send(reading(DEVICE, 1).signedWith(deviceKey).build());
        fixture.send(reading(DEVICE, 2).signedWith(otherKey).build());
        fixture.send(reading(DEVICE, 3).build());

        assertThat(fixture.fhirR4.readValuesToList()).hasSize(1);
        assertThat(fixture.rejected.readValuesToList()).extracting(Rejection::getReason)
                .containsExactly(RejectionReason.SIGNATURE, RejectionReason.SIGNATURE);
    }

    @Test
    void genuineReadingResentAfterAForgedCopyWasRefusedIsDelivered() {
        registerWithPatient(DEVICE, "MRN-1");
        LumeeReading genuine = reading(DEVICE, 1).build();
        LumeeReading forged = reading(DEVICE, 1).build();
        forged.setJws(SignedReadings.tampered(forged.getJws()));

        fixture.send(forged);
        fixture.send(genuine);

        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.SIGNATURE);
        assertThat(fixture.fhirR4.readValuesToList()).hasSize(1);
    }

    // --- step 4: freshness

    @Test
    void readingOlderThanTheDuplicateWindowIsStale() {
        registerWithPatient(DEVICE, "MRN-1");
        Instant deviceTime = Instant.parse("2026-11-10T10:00:00Z");

        fixture.send(reading(DEVICE, 1).deviceTime(deviceTime).receivedAt(deviceTime.plus(Duration.ofDays(8))).build());

        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.STALE);
    }

    // --- step 5: duplicates

    @Test
    void duplicateIsAuditedNeverDlqd() {
        registerWithPatient(DEVICE, "MRN-1");
        LumeeReading sent = reading(DEVICE, 1).build();

        fixture.send(sent);
        fixture.send(sent);

        assertThat(fixture.fhirR4.readValuesToList()).hasSize(1);
        assertThat(fixture.rejected.isEmpty()).isTrue();
        assertThat(auditActions()).containsExactly(AuditAction.READING_ACCEPTED, AuditAction.DUPLICATE);
    }

    @Test
    void duplicateArrivingOutOfOrderIsDropped() {
        registerWithPatient(DEVICE, "MRN-1");

        for (long sequence : new long[] {5, 1, 3, 2, 4, 3, 1, 5, 6, 2}) {
            fixture.send(reading(DEVICE, sequence).build());
        }

        assertThat(fixture.fhirR4.readValuesToList()).hasSize(6);
        assertThat(auditActions()).filteredOn(action -> action == AuditAction.DUPLICATE).hasSize(4);
    }

    @Test
    void sameSequenceInANewEpochIsANewReading() {
        registerWithPatient(DEVICE, "MRN-1");

        fixture.send(reading(DEVICE, 1).epoch(7).build());
        fixture.send(reading(DEVICE, 1).epoch(8).build());

        assertThat(fixture.fhirR4.readValuesToList()).hasSize(2);
    }

    @Test
    void resendAfterARejectionAfterTheSignatureIsADuplicate() {
        registerWithPatient(DEVICE, "MRN-1");
        LumeeReading badUnit = reading(DEVICE, 1).units("furlongs").build();

        fixture.send(badUnit);
        fixture.send(badUnit);

        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.UNIT_UNKNOWN);
        assertThat(auditActions()).containsExactly(AuditAction.READING_REJECTED, AuditAction.DUPLICATE);
    }

    @Test
    void dlqReplayOfARejectedReadingGoesThroughOnceItsCauseIsFixed() {
        restart(ProcessorFixture.settings().consentRequired());
        fixture.register(registration(DEVICE, assignment("MRN-1", ASSIGNED, null, null)));
        LumeeReading sent = reading(DEVICE, 1).build();
        fixture.send(sent);
        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.NO_CONSENT);

        fixture.register(registration(DEVICE, assignment("MRN-1", ASSIGNED, null, "Consent/c-1")));
        fixture.send(sent);
        fixture.replay(sent);
        fixture.replay(sent);

        assertThat(fixture.fhirR4.readValuesToList()).hasSize(1);
        assertThat(auditActions()).containsExactly(AuditAction.READING_REJECTED, AuditAction.DUPLICATE,
                AuditAction.READING_ACCEPTED, AuditAction.DUPLICATE);
    }

    // --- step 6 and 7: units and plausibility

    @Test
    void unknownUnitIsRefused() {
        registerWithPatient(DEVICE, "MRN-1");

        fixture.send(reading(DEVICE, 1).units("mol/L").build());

        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.UNIT_UNKNOWN);
    }

    @Test
    void implausibleValueIsOutOfRange() {
        registerWithPatient(DEVICE, "MRN-1");

        fixture.send(reading(DEVICE, 1).tissueO2(140).units("%").build());

        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.OUT_OF_RANGE);
    }

    @Test
    void deviceClockFarAheadOfReceiptIsClockSkew() {
        registerWithPatient(DEVICE, "MRN-1");
        Instant received = Instant.parse("2026-11-20T10:00:00Z");

        fixture.send(reading(DEVICE, 1).deviceTime(received.plus(Duration.ofHours(1))).receivedAt(received).build());

        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.CLOCK_SKEW);
    }

    @Test
    void deviceClockFarAheadIsCorrectedToTheReceiptTimeAndFlaggedWhenConfigured() {
        restart(ProcessorFixture.settings().clockSkew(ClockSkewPolicy.CORRECT));
        registerWithPatient(DEVICE, "MRN-1");
        Instant received = Instant.parse("2026-11-20T10:00:00Z");

        fixture.send(reading(DEVICE, 1).deviceTime(received.plus(Duration.ofHours(1))).receivedAt(received).build());

        assertThat(fixture.rejected.isEmpty()).isTrue();
        TestRecord<String, String> bundle = fixture.fhirR4.readRecord();
        assertThat(bundle.value()).contains("3600 s ahead").contains("\"effectiveDateTime\":\"2026-11-20T10:00:00");
        assertThat(text(bundle.headers(), "lumee-device-time")).isEqualTo(String.valueOf(received.plus(Duration.ofHours(1)).toEpochMilli()));
        assertThat(fixture.hl7.readValue()).contains("NTE|1|L|The device clock ran 3600 s ahead");
    }

    // --- step 8: patient, orphans, consent

    @Test
    void readingOfAnUnregisteredDeviceIsHeldThenReleasedByItsRegistrationAndNotLostAsItsOwnDuplicate() {
        LumeeReading sent = reading(DEVICE, 1).build();

        fixture.send(sent);
        assertThat(fixture.orphans.readRecord().key()).isEqualTo(DEVICE);
        assertThat(fixture.fhirR4.isEmpty()).isTrue();

        registerWithPatient(DEVICE, "MRN-1");

        assertThat(fixture.fhirR4.readValuesToList()).hasSize(1);
        assertThat(fixture.rejected.isEmpty()).isTrue();
        assertThat(auditActions()).containsExactly(AuditAction.ORPHAN_HELD, AuditAction.ORPHAN_RELEASED);
    }

    @Test
    void readingWithoutAnAssignmentIsHeldUntilAnAssignmentCoversItsTime() {
        fixture.register(registration(DEVICE));
        LumeeReading sent = reading(DEVICE, 1).build();

        fixture.send(sent);
        fixture.send(sent);
        registerWithPatient(DEVICE, "MRN-1");

        assertThat(fixture.orphans.readValuesToList()).hasSize(2);
        assertThat(fixture.fhirR4.readValuesToList()).hasSize(1);
        assertThat(auditActions()).containsExactly(AuditAction.ORPHAN_HELD, AuditAction.ORPHAN_HELD,
                AuditAction.ORPHAN_RELEASED, AuditAction.DUPLICATE);
    }

    @Test
    void registrationWithoutAssignmentKeepsTheHoldWithoutLoggingItAgain() {
        fixture.send(reading(DEVICE, 1).build());

        fixture.register(registration(DEVICE));

        assertThat(fixture.orphans.readValuesToList()).hasSize(1);
        assertThat(fixture.fhirR4.isEmpty()).isTrue();
        assertThat(fixture.rejected.isEmpty()).isTrue();
        assertThat(auditActions()).containsExactly(AuditAction.ORPHAN_HELD);
    }

    @Test
    void holdsExpireOnWallClockTimeWithTheirReason() {
        fixture.register(registration("lumee-0002"));
        fixture.send(reading(DEVICE, 1).build());
        fixture.send(reading("lumee-0002", 1).build());

        fixture.advanceWallClock(Duration.ofHours(23));
        assertThat(fixture.rejected.isEmpty()).isTrue();
        fixture.advanceWallClock(Duration.ofHours(1).plusMinutes(1));

        assertThat(fixture.rejected.readValuesToList()).extracting(Rejection::getReason)
                .containsExactlyInAnyOrder(RejectionReason.UNKNOWN_DEVICE, RejectionReason.NO_PATIENT);
        assertThat(auditActions()).filteredOn(action -> action == AuditAction.ORPHAN_EXPIRED).hasSize(2);
        registerWithPatient(DEVICE, "MRN-1");
        assertThat(fixture.fhirR4.isEmpty()).as("nothing left on hold to release").isTrue();
    }

    @Test
    void lateReadingOfAReassignedDeviceMapsToThePatientAndConsentOfItsTime() {
        Instant handover = Instant.parse("2026-11-20T09:00:00Z");
        fixture.register(registration(DEVICE,
                assignment("MRN-EARLIER", ASSIGNED, handover, "Consent/earlier"),
                assignment("MRN-LATER", handover, null, "Consent/later")));

        fixture.send(reading(DEVICE, 2).deviceTime(handover.plusSeconds(60)).build());
        fixture.send(reading(DEVICE, 1).deviceTime(handover.minusSeconds(60)).build());

        List<TestRecord<String, String>> outputs = fixture.fhirR4.readRecordsToList();
        assertThat(outputs).extracting(TestRecord::key)
                .containsExactly(fixture.patientKeyOf("MRN-LATER"), fixture.patientKeyOf("MRN-EARLIER"));
        assertThat(outputs.get(1).value()).contains("Consent/earlier").doesNotContain("Consent/later");
    }

    @Test
    void consentRequiredAndNoneInForceIsRefused() {
        restart(ProcessorFixture.settings().consentRequired());
        fixture.register(registration(DEVICE, assignment("MRN-1", ASSIGNED, null, null)));

        fixture.send(reading(DEVICE, 1).build());

        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.NO_CONSENT);
    }

    // --- metrics

    @Test
    void completenessIsMeasuredPerDeviceOverEachInterval() {
        registerWithPatient(DEVICE, "MRN-1");
        registerWithPatient("lumee-0002", "MRN-2");
        for (long sequence : new long[] {0, 1, 3}) {
            fixture.send(reading(DEVICE, sequence).build());
        }
        fixture.send(reading("lumee-0002", 0).build());
        fixture.send(reading("lumee-0002", 1).build());
        fixture.send(reading("lumee-0002", 1).build());

        fixture.advanceWallClock(Duration.ofMinutes(5));

        var ratios = fixture.meters.get("lumee_completeness_ratio").summary();
        assertThat(ratios.count()).isEqualTo(2);
        assertThat(ratios.totalAmount()).isCloseTo(0.75 + 1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(fixture.meters.get("lumee_devices_below_completeness").gauge().value()).isEqualTo(1.0);
    }

    // --- accounting

    @Test
    void everyRecordEndsInExactlyOnePlace() {
        registerWithPatient(DEVICE, "MRN-1");
        fixture.register(registration("lumee-0002"));
        LumeeReading tampered = reading(DEVICE, 9).build();
        tampered.setJws(SignedReadings.tampered(tampered.getJws()));
        List<LumeeReading> sent = List.of(reading(DEVICE, 1).build(), reading(DEVICE, 1).build(),
                reading(DEVICE, 2).units("furlongs").build(), tampered, reading("lumee-0002", 1).build(),
                reading("lumee-0009", 1).build(), reading(DEVICE, 3).build());

        sent.forEach(fixture::send);

        int delivered = fixture.fhirR4.readValuesToList().size();
        int rejected = fixture.rejected.readValuesToList().size();
        List<AuditAction> audit = auditActions();
        long duplicates = audit.stream().filter(a -> a == AuditAction.DUPLICATE).count();
        long held = audit.stream().filter(a -> a == AuditAction.ORPHAN_HELD).count();
        assertThat(delivered).isEqualTo(2);
        assertThat(rejected).isEqualTo(2);
        assertThat(duplicates).isEqualTo(1);
        assertThat(held).isEqualTo(2);
        assertThat(delivered + rejected + duplicates + held).isEqualTo(sent.size());
    }

    private static void assertHeaders(Headers headers, LumeeReading sent) {
        assertThat(text(headers, "lumee-reading-id")).isEqualTo(sent.getReadingId());
        assertThat(text(headers, "lumee-device-id")).isEqualTo(sent.getDeviceId());
        assertThat(text(headers, "lumee-device-time")).isEqualTo(String.valueOf(sent.getDeviceTime().toEpochMilli()));
        assertThat(text(headers, "lumee-received-at")).isEqualTo(String.valueOf(sent.getReceivedAt().toEpochMilli()));
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
