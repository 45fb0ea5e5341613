package io.lumee.processor.topology;

import static io.lumee.processor.SignedReadings.assignment;
import static io.lumee.processor.SignedReadings.reading;
import static io.lumee.processor.SignedReadings.registration;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile {@code lumee.raw} records, generated from a seeded random source (printed on failure; set
 * {@code -Dlumee.hostile.seed=N} to replay one): random bytes, truncated and bit-flipped records, wrong
 * schema ids, huge strings, NaN and infinities, extreme timestamps and values. Whatever arrives, the
 * topology never throws, each record ends in exactly one place with the reason its fault deserves (the
 * "could not be processed" safety net is never what catches expected bad input), nothing forged or
 * altered is delivered, and a genuine reading sent after the storm is still delivered.
 *
 * <p>jqwik is not on this module's test classpath (adding it would change the pom); the generator is a
 * seeded {@link Random}, so a failure is reproducible from its seed.
 */
class HostileRawInputTest {
    private static final String DEVICE = "lumee-0001";
    private static final Instant ASSIGNED = Instant.parse("2026-11-01T00:00:00Z");
    private static final long SEED = Long.getLong("lumee.hostile.seed", System.nanoTime());
    private static final Set<RejectionReason> AUTHENTICITY = EnumSet.of(RejectionReason.SCHEMA, RejectionReason.SIGNATURE);

    private final Random random = new Random(SEED);
    private final ProcessorFixture fixture = new ProcessorFixture();
    private long sequence = 1000;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void randomBytesAreRefusedAsSchemaWithTheOriginalKept() {
        registerDevice();
        for (int i = 0; i < 200; i++) {
            byte[] value = bytes(random.nextInt(400));
            if (random.nextBoolean() && value.length > 5) {
                value[0] = 0; // the Confluent magic byte: the decoder gets further before it fails
            }
            byte[] key = random.nextBoolean() ? ProcessorFixture.key(DEVICE) : bytes(random.nextInt(20));
            Rejection rejection = rejectedOnce(() -> fixture.sendRaw(key, value, ProcessorFixture.START));
            assertThat(rejection.getReason()).as(seed()).isEqualTo(RejectionReason.SCHEMA);
            assertThat(rejection.getOriginal().array()).as(seed()).isEqualTo(value);
        }
        assertGenuineReadingStillDelivered();
    }

    @Test
    void truncatedAndBitFlippedRecordsNeverDeliverAlteredContent() {
        registerDevice();
        for (int i = 0; i < 150; i++) {
            LumeeReading genuine = reading(DEVICE, sequence++).build();
            byte[] encoded = fixture.encode(genuine);
            byte[] truncated = Arrays.copyOf(encoded, 1 + random.nextInt(encoded.length - 1));
            assertThat(rejectedOnce(() -> fixture.sendRaw(ProcessorFixture.key(DEVICE), truncated, genuine.getReceivedAt()))
                    .getReason()).as(seed()).isEqualTo(RejectionReason.SCHEMA);

            byte[] flipped = encoded.clone();
            int at = 5 + random.nextInt(flipped.length - 5);
            flipped[at] ^= (byte) (1 << random.nextInt(8));
            Place place = placeOf(() -> fixture.sendRaw(ProcessorFixture.key(DEVICE), flipped, genuine.getReceivedAt()));
            if (place.delivered != null) {
                // only unsigned envelope fields (receivedAt, ingestId, gatewayId) may differ in what is delivered
                assertThat(place.delivered).as(seed()).contains(genuine.getReadingId()).contains(encodedPayload(genuine));
            }
        }
        assertGenuineReadingStillDelivered();
    }

    @Test
    void wrongSchemaIdsAreRefusedAsSchema() {
        registerDevice();
        // the id of another record's schema: the Rejection schema is registered once a rejection is written
        fixture.sendRaw(ProcessorFixture.key(DEVICE), bytes(10), ProcessorFixture.START);
        fixture.rejected.readValuesToList();
        fixture.audit.readValuesToList();
        byte[] rejectionEncoded = fixture.topics.rejected().valueSerde().serializer().serialize(fixture.topics.rejected().name(),
                Rejection.newBuilder().setReadingId(DEVICE + ":7:1").setDeviceId(DEVICE).setReason(RejectionReason.SCHEMA)
                        .setDetail("d").setStage("s").setSourceTopic("lumee.raw").setSourcePartition(0).setSourceOffset(0)
                        .setOriginal(ByteBuffer.wrap(new byte[0])).setAt(ProcessorFixture.START).build());
        int otherSchemaId = ByteBuffer.wrap(rejectionEncoded, 1, 4).getInt();
        List<Integer> ids = new ArrayList<>(List.of(otherSchemaId, 0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE));
        for (int i = 0; i < 5; i++) {
            ids.add(random.nextInt());
        }
        for (int id : ids) {
            byte[] encoded = fixture.encode(reading(DEVICE, sequence++).build());
            ByteBuffer.wrap(encoded).putInt(1, id);
            assertThat(rejectedOnce(() -> fixture.sendRaw(ProcessorFixture.key(DEVICE), encoded, ProcessorFixture.START))
                    .getReason()).as(seed() + " schema id " + id).isEqualTo(RejectionReason.SCHEMA);
        }
        // an Avro body whose first string claims to be ~2 GiB long, behind the genuine schema id
        byte[] genuine = fixture.encode(reading(DEVICE, sequence++).build());
        byte[] claimsHuge = ByteBuffer.allocate(10).put(genuine, 0, 5).put(new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f})
                .array();
        assertThat(rejectedOnce(() -> fixture.sendRaw(ProcessorFixture.key(DEVICE), claimsHuge, ProcessorFixture.START))
                .getReason()).isEqualTo(RejectionReason.SCHEMA);
        assertGenuineReadingStillDelivered();
    }

    @Test
    void hugeStringsAreRefusedNotDelivered() {
        registerDevice();
        for (int i = 0; i < 12; i++) {
            LumeeReading hostile = reading(DEVICE, sequence++).build();
            String huge = text(64 * 1024 + random.nextInt(256 * 1024));
            switch (i % 6) {
                case 0 -> hostile.setUnits(huge);
                case 1 -> hostile.setFirmware(huge);
                case 2 -> hostile.setSdkVersion(huge);
                case 3 -> hostile.setJws(huge);
                case 4 -> hostile.setJws(hostile.getJws() + "." + huge);
                default -> {
                    hostile.setDeviceId(huge);
                    hostile.setReadingId(huge + ":7:" + hostile.getSequence());
                }
            }
            Rejection rejection = rejectedOnce(() -> fixture.send(hostile));
            assertThat(rejection.getReason()).as(seed() + " case " + i % 6).isIn(AUTHENTICITY);
            assertThat(rejection.getDetail()).as("a detail is bounded").hasSizeLessThan(1000);
        }
        assertGenuineReadingStillDelivered();
    }

    @Test
    void notANumberAndInfinitiesInTypedFieldsAreRefusedAsSignature() {
        registerDevice();
        double[] hostile = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.MAX_VALUE};
        for (double value : hostile) {
            LumeeReading o2 = reading(DEVICE, sequence++).build();
            o2.setTissueO2(value);
            assertThat(rejectedOnce(() -> fixture.send(o2)).getReason()).as("tissueO2 " + value).isEqualTo(RejectionReason.SIGNATURE);
            LumeeReading quality = reading(DEVICE, sequence++).build();
            quality.setSignalQuality(value);
            assertThat(rejectedOnce(() -> fixture.send(quality)).getReason()).as("signalQuality " + value)
                    .isEqualTo(RejectionReason.SIGNATURE);
        }
        assertGenuineReadingStillDelivered();
    }

    @Test
    void extremeTimestampsEndAsStaleClockSkewOrSignatureNeverDelivered() {
        registerDevice();
        List<Instant> extremes = List.of(Instant.EPOCH, Instant.ofEpochMilli(1), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.ofEpochMilli(Long.MAX_VALUE), Instant.ofEpochMilli(-1),
                Instant.ofEpochMilli(Long.MIN_VALUE), ProcessorFixture.START.plusSeconds(3650L * 86400));
        for (Instant extreme : extremes) {
            // the typed device time differs from the signed one
            LumeeReading typed = reading(DEVICE, sequence++).build();
            typed.setDeviceTime(extreme);
            assertThat(rejectedOnce(() -> fixture.send(typed)).getReason()).as("typed deviceTime " + extreme)
                    .isEqualTo(RejectionReason.SIGNATURE);
            // an authentic reading whose unsigned receipt time is extreme (any direct producer sets it): outputs
            // and refusals are timestamped receivedAt, so before 1970 or after the record's own timestamp it is SCHEMA
            LumeeReading received = reading(DEVICE, sequence++).receivedAt(extreme).build();
            assertThat(rejectedOnce(() -> fixture.sendRaw(ProcessorFixture.key(DEVICE), fixture.encode(received),
                    ProcessorFixture.START)).getReason()).as("receivedAt " + extreme)
                    .isIn(RejectionReason.SCHEMA, RejectionReason.STALE, RejectionReason.CLOCK_SKEW);
        }
        // authentic readings signed with the protocol's earliest and latest expressible device times
        for (Instant signed : List.of(Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"))) {
            LumeeReading extreme = reading(DEVICE, sequence++).deviceTime(signed).receivedAt(ProcessorFixture.START).build();
            assertThat(rejectedOnce(() -> fixture.sendRaw(ProcessorFixture.key(DEVICE), fixture.encode(extreme),
                    ProcessorFixture.START)).getReason()).as("signed device time " + signed)
                    .isIn(RejectionReason.STALE, RejectionReason.CLOCK_SKEW);
        }
        assertGenuineReadingStillDelivered();
    }

    @Test
    void authenticButExtremeValuesAreOutOfRangeInEveryUnit() {
        registerDevice();
        double[] values = {Double.MAX_VALUE, -Double.MAX_VALUE, 1e307, -1e307, 1e300, -1e-300, 1e4, -1};
        for (double value : values) {
            for (String unit : List.of("%", "fraction", "ratio", "1", "mmHg", "kPa", "mm Hg")) {
                LumeeReading extreme = reading(DEVICE, sequence++).tissueO2(value).units(unit).build();
                Rejection rejection = rejectedOnce(() -> fixture.send(extreme));
                assertThat(rejection.getReason()).as(value + " " + unit).isEqualTo(RejectionReason.OUT_OF_RANGE);
            }
        }
        assertGenuineReadingStillDelivered();
    }

    @Test
    void hostileRegistrationRecordsNeverStopTheStream() {
        registerDevice();
        var devices = fixture.driver.createInputTopic(fixture.topics.devices().name(),
                new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
        for (int i = 0; i < 50; i++) {
            byte[] value = bytes(random.nextInt(300));
            if (value.length > 5) {
                value[0] = 0;
            }
            devices.pipeInput(random.nextBoolean() ? ProcessorFixture.key(DEVICE) : bytes(8), value);
        }
        assertGenuineReadingStillDelivered();
    }

    // --- helpers

    /** Where one record ended; exactly one place, or the assertion fails. */
    private record Place(String delivered, Rejection rejection, AuditAction audit) {}

    private Place placeOf(Runnable send) {
        try {
            send.run();
        } catch (RuntimeException | Error crashed) {
            throw new AssertionError("the topology threw on hostile input; " + seed(), crashed);
        }
        List<String> delivered = fixture.fhirR4.readValuesToList();
        List<Rejection> rejected = fixture.rejected.readValuesToList();
        List<AuditRecord> audit = fixture.audit.readValuesToList();
        fixture.fhirR5.readValuesToList();
        fixture.hl7.readValuesToList();
        fixture.orphans.readValuesToList();
        long duplicatesOrHeld = audit.stream().filter(a -> a.getAction() == AuditAction.DUPLICATE
                || a.getAction() == AuditAction.ORPHAN_HELD).count();
        assertThat(delivered.size() + rejected.size() + duplicatesOrHeld).as("one record, one place; " + seed()).isEqualTo(1);
        rejected.forEach(rejection -> assertThat(rejection.getDetail())
                .as("expected bad input is refused by its rule, not by the safety net; " + seed())
                .doesNotContain("could not be processed"));
        return new Place(delivered.isEmpty() ? null : delivered.get(0), rejected.isEmpty() ? null : rejected.get(0),
                audit.isEmpty() ? null : audit.get(audit.size() - 1).getAction());
    }

    private Rejection rejectedOnce(Runnable send) {
        Place place = placeOf(send);
        assertThat(place.rejection).as("refused; " + seed()).isNotNull();
        return place.rejection;
    }

    private void assertGenuineReadingStillDelivered() {
        LumeeReading genuine = reading(DEVICE, sequence++).build();
        Place place = placeOf(() -> fixture.send(genuine));
        assertThat(place.delivered).as(seed()).contains(genuine.getReadingId());
    }

    private void registerDevice() {
        fixture.register(registration(DEVICE, assignment("MRN-1", ASSIGNED, null, "Consent/c-1")));
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String text(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(0xd7ff));
        }
        return new String(chars);
    }

    /** The delivered FHIR bundle carries the JWS as received (base64 in Provenance.signature.data). */
    private static String encodedPayload(LumeeReading reading) {
        return Base64.getEncoder().encodeToString(reading.getJws().getBytes(StandardCharsets.US_ASCII));
    }

    private static String seed() {
        return "seed " + SEED + " (-Dlumee.hostile.seed=" + SEED + ")";
    }
}
