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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Hostile {@code lumee.raw} records: random bytes, truncated and bit-flipped records, wrong schema ids,
 * huge strings, NaN and infinities, extreme timestamps and values, and junk on {@code lumee.devices}.
 * Whatever arrives, the topology never throws, each record ends in exactly one place with the reason its
 * fault deserves (the "could not be processed" safety net is never what catches expected bad input),
 * nothing forged or altered is delivered, and the genuine reading sent right after it is delivered.
 * One topology per property; tries are bounded so the class stays within seconds.
 */
class HostileRawInputTest {
    private static final String DEVICE = "lumee-0001";
    private static final Instant ASSIGNED = Instant.parse("2026-11-01T00:00:00Z");

    private ProcessorFixture fixture;
    private long sequence = 1000;

    @BeforeProperty
    void startWithARegisteredDevice() {
        fixture = new ProcessorFixture();
        fixture.register(registration(DEVICE, assignment("MRN-1", ASSIGNED, null, "Consent/c-1")));
    }

    @AfterProperty
    void close() {
        fixture.close();
    }

    @Property(tries = 100)
    void randomBytesAreRefusedAsSchemaWithTheOriginalKept(@ForAll @Size(max = 400) byte[] value, @ForAll boolean confluentMagic,
            @ForAll("keys") byte[] key) {
        if (confluentMagic && value.length > 5) {
            value[0] = 0; // the decoder gets further before it fails
        }

        Rejection rejection = rejectedOnce(() -> fixture.sendRaw(key, value, ProcessorFixture.START));

        assertThat(rejection.getReason()).isEqualTo(RejectionReason.SCHEMA);
        assertThat(rejection.getOriginal().array()).isEqualTo(value);
        assertGenuineReadingStillDelivered();
    }

    @Property(tries = 60)
    void truncatedRecordsAreRefusedAsSchema(@ForAll @DoubleRange(max = 1, maxIncluded = false) double cut) {
        LumeeReading genuine = reading(DEVICE, sequence++).build();
        byte[] encoded = fixture.encode(genuine);
        byte[] truncated = Arrays.copyOf(encoded, 1 + (int) (cut * (encoded.length - 1)));

        assertThat(rejectedOnce(() -> fixture.sendRaw(ProcessorFixture.key(DEVICE), truncated, genuine.getReceivedAt())).getReason())
                .isEqualTo(RejectionReason.SCHEMA);
        assertGenuineReadingStillDelivered();
    }

    @Property(tries = 100)
    void bitFlippedRecordsNeverDeliverAlteredContent(@ForAll @DoubleRange(max = 1, maxIncluded = false) double position,
            @ForAll @IntRange(max = 7) int bit) {
        LumeeReading genuine = reading(DEVICE, sequence++).build();
        byte[] flipped = fixture.encode(genuine);
        flipped[5 + (int) (position * (flipped.length - 5))] ^= (byte) (1 << bit);

        Place place = placeOf(() -> fixture.sendRaw(ProcessorFixture.key(DEVICE), flipped, genuine.getReceivedAt()));

        if (place.delivered != null) {
            // only unsigned envelope fields (receivedAt, ingestId, gatewayId) may differ in what is delivered
            assertThat(place.delivered).contains(genuine.getReadingId()).contains(encodedJws(genuine));
        }
        assertGenuineReadingStillDelivered();
    }

    @Property(tries = 25)
    void wrongSchemaIdsAreRefusedAsSchema(@ForAll int schemaId) {
        byte[] encoded = fixture.encode(reading(DEVICE, sequence++).build());
        Assume.that(schemaId != ByteBuffer.wrap(encoded, 1, 4).getInt());
        ByteBuffer.wrap(encoded).putInt(1, schemaId);

        assertThat(rejectedOnce(() -> fixture.sendRaw(ProcessorFixture.key(DEVICE), encoded, ProcessorFixture.START)).getReason())
                .isEqualTo(RejectionReason.SCHEMA);
        assertGenuineReadingStillDelivered();
    }

    @Example
    void anotherRecordsSchemaIdOrAStringClaimingTwoGigabytesIsRefusedAsSchema() {
        byte[] rejectionEncoded = fixture.topics.rejected().valueSerde().serializer().serialize(fixture.topics.rejected().name(),
                Rejection.newBuilder().setReadingId(DEVICE + ":7:1").setDeviceId(DEVICE).setReason(RejectionReason.SCHEMA)
                        .setDetail("d").setStage("s").setSourceTopic("lumee.raw").setSourcePartition(0).setSourceOffset(0)
                        .setOriginal(ByteBuffer.wrap(new byte[0])).setAt(ProcessorFixture.START).build());
        byte[] otherSchema = fixture.encode(reading(DEVICE, sequence++).build());
        System.arraycopy(rejectionEncoded, 1, otherSchema, 1, 4);
        byte[] genuine = fixture.encode(reading(DEVICE, sequence++).build());
        byte[] claimsHuge = ByteBuffer.allocate(10).put(genuine, 0, 5)
                .put(new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}).array();

        for (byte[] hostile : List.of(otherSchema, claimsHuge)) {
            assertThat(rejectedOnce(() -> fixture.sendRaw(ProcessorFixture.key(DEVICE), hostile, ProcessorFixture.START)).getReason())
                    .isEqualTo(RejectionReason.SCHEMA);
        }
        assertGenuineReadingStillDelivered();
    }

    @Property(tries = 8)
    void hugeStringsAreRefusedNotDelivered(@ForAll("huge") String huge, @ForAll @IntRange(max = 5) int field) {
        LumeeReading hostile = reading(DEVICE, sequence++).build();
        switch (field) {
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

        assertThat(rejection.getReason()).isIn(RejectionReason.SCHEMA, RejectionReason.SIGNATURE);
        assertThat(rejection.getDetail()).as("a detail is bounded").hasSizeLessThan(1000);
        assertGenuineReadingStillDelivered();
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void notANumberAndInfinitiesInTypedFieldsAreRefusedAsSignature(@ForAll("nonNumbers") double value, @ForAll boolean inQuality) {
        LumeeReading typed = reading(DEVICE, sequence++).build();
        if (inQuality) {
            typed.setSignalQuality(value);
        } else {
            typed.setTissueO2(value);
        }

        assertThat(rejectedOnce(() -> fixture.send(typed)).getReason()).isEqualTo(RejectionReason.SIGNATURE);
        assertGenuineReadingStillDelivered();
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void extremeTypedDeviceTimesAreRefusedAsSignature(@ForAll("extremeInstants") Instant extreme) {
        LumeeReading typed = reading(DEVICE, sequence++).build();
        typed.setDeviceTime(extreme);

        assertThat(rejectedOnce(() -> fixture.send(typed)).getReason()).isEqualTo(RejectionReason.SIGNATURE);
        assertGenuineReadingStillDelivered();
    }

    /**
     * receivedAt is unsigned and any direct producer sets it; outputs and refusals are timestamped with it, so
     * before 1970 or after the record's own timestamp it is SCHEMA (Kafka refuses such timestamps).
     */
    @Property(generation = GenerationMode.EXHAUSTIVE)
    void extremeReceiptTimesNeverReachAnOutputTimestamp(@ForAll("extremeInstants") Instant extreme) {
        LumeeReading received = reading(DEVICE, sequence++).receivedAt(extreme).build();

        assertThat(rejectedOnce(() -> fixture.sendRaw(ProcessorFixture.key(DEVICE), fixture.encode(received), ProcessorFixture.START))
                .getReason()).isIn(RejectionReason.SCHEMA, RejectionReason.STALE, RejectionReason.CLOCK_SKEW);
        assertGenuineReadingStillDelivered();
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void authenticReadingsSignedAtTheEdgesOfTimeAreStaleOrSkewed(@ForAll("signableInstants") Instant signed) {
        LumeeReading extreme = reading(DEVICE, sequence++).deviceTime(signed).receivedAt(ProcessorFixture.START).build();

        assertThat(rejectedOnce(() -> fixture.sendRaw(ProcessorFixture.key(DEVICE), fixture.encode(extreme), ProcessorFixture.START))
                .getReason()).isIn(RejectionReason.STALE, RejectionReason.CLOCK_SKEW);
        assertGenuineReadingStillDelivered();
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void authenticButExtremeValuesAreOutOfRangeInEveryUnit(@ForAll("extremeValues") double value, @ForAll("units") String unit) {
        LumeeReading extreme = reading(DEVICE, sequence++).tissueO2(value).units(unit).build();

        assertThat(rejectedOnce(() -> fixture.send(extreme)).getReason()).isEqualTo(RejectionReason.OUT_OF_RANGE);
        assertGenuineReadingStillDelivered();
    }

    @Property(tries = 30)
    void hostileRegistrationRecordsNeverStopTheStream(@ForAll @Size(max = 300) byte[] value, @ForAll("keys") byte[] key) {
        if (value.length > 5) {
            value[0] = 0;
        }
        var devices = fixture.driver.createInputTopic(fixture.topics.devices().name(), new ByteArraySerializer(), new ByteArraySerializer());

        devices.pipeInput(key, value);

        assertGenuineReadingStillDelivered();
    }

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.oneOf(Arbitraries.just(ProcessorFixture.key(DEVICE)), Arbitraries.bytes().array(byte[].class).ofMaxSize(20));
    }

    @Provide
    Arbitrary<String> huge() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('\u0000', '\ud7ff').ofMinLength(64 * 1024).ofMaxLength(128 * 1024);
    }

    @Provide
    Arbitrary<Double> nonNumbers() {
        return Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.MAX_VALUE);
    }

    @Provide
    Arbitrary<Instant> extremeInstants() {
        return Arbitraries.of(Instant.EPOCH, Instant.ofEpochMilli(1), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.ofEpochMilli(Long.MAX_VALUE), Instant.ofEpochMilli(-1),
                Instant.ofEpochMilli(Long.MIN_VALUE), ProcessorFixture.START.plusSeconds(3650L * 86400));
    }

    /** The earliest and latest device times RFC 3339 can express. */
    @Provide
    Arbitrary<Instant> signableInstants() {
        return Arbitraries.of(Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"));
    }

    @Provide
    Arbitrary<Double> extremeValues() {
        return Arbitraries.of(Double.MAX_VALUE, -Double.MAX_VALUE, 1e307, -1e307, 1e300, -1e-300, 1e4, -1.0);
    }

    @Provide
    Arbitrary<String> units() {
        return Arbitraries.of("%", "fraction", "ratio", "1", "mmHg", "kPa", "mm Hg");
    }

    /** Where one record ended; exactly one place, or the assertion fails. */
    private record Place(String delivered, Rejection rejection, AuditAction audit) {}

    private Place placeOf(Runnable send) {
        try {
            send.run();
        } catch (RuntimeException | Error crashed) {
            throw new AssertionError("the topology threw on hostile input", crashed);
        }
        List<String> delivered = fixture.fhirR4.readValuesToList();
        List<Rejection> rejected = fixture.rejected.readValuesToList();
        List<AuditRecord> audit = fixture.audit.readValuesToList();
        fixture.fhirR5.readValuesToList();
        fixture.hl7.readValuesToList();
        fixture.orphans.readValuesToList();
        long duplicatesOrHeld = audit.stream().filter(a -> a.getAction() == AuditAction.DUPLICATE
                || a.getAction() == AuditAction.ORPHAN_HELD).count();
        assertThat(delivered.size() + rejected.size() + duplicatesOrHeld).as("one record, one place").isEqualTo(1);
        rejected.forEach(rejection -> assertThat(rejection.getDetail())
                .as("expected bad input is refused by its rule, not by the safety net").doesNotContain("could not be processed"));
        return new Place(delivered.isEmpty() ? null : delivered.get(0), rejected.isEmpty() ? null : rejected.get(0),
                audit.isEmpty() ? null : audit.get(audit.size() - 1).getAction());
    }

    private Rejection rejectedOnce(Runnable send) {
        Place place = placeOf(send);
        assertThat(place.rejection).as("refused").isNotNull();
        return place.rejection;
    }

    private void assertGenuineReadingStillDelivered() {
        LumeeReading genuine = reading(DEVICE, sequence++).build();
        Place place = placeOf(() -> fixture.send(genuine));
        assertThat(place.delivered).as("the genuine reading after a hostile one").contains(genuine.getReadingId());
    }

    /** The delivered FHIR bundle carries the JWS as received (base64 in Provenance.signature.data). */
    private static String encodedJws(LumeeReading reading) {
        return Base64.getEncoder().encodeToString(reading.getJws().getBytes(StandardCharsets.US_ASCII));
    }
}
