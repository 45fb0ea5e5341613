package io.lumee.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.cli.device.Operator;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** {@code dlq replay} against a DLQ seeded with matching and non-matching rejections. */
class DlqReplayTest {

    @Test
    void replaysExactlyTheMatchingRejectionsOncePerReading() throws Exception {
        Operator operator = Operator.shared();
        String device = "dlq-" + UUID.randomUUID().toString().substring(0, 8);
        String other = device + "-other";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        byte[] r1 = original(operator, device, 1);
        byte[] r4 = original(operator, device, 4);
        try (KafkaProducer<String, Rejection> producer = new KafkaProducer<>(Map.of("bootstrap.servers", operator.environment().get("LUMEE_KAFKA_BOOTSTRAP")),
                operator.topics().rejected().keySerde().serializer(), operator.topics().rejected().valueSerde().serializer())) {
            send(producer, rejection(device, 1, RejectionReason.NO_PATIENT, now, "lumee.raw", r1));
            // the same reading rejected again after an earlier replay: replayed once, not twice
            send(producer, rejection(device, 1, RejectionReason.NO_PATIENT, now.plusSeconds(1), "lumee.raw", r1));
            send(producer, rejection(device, 2, RejectionReason.SIGNATURE, now, "lumee.raw", original(operator, device, 2)));
            send(producer, rejection(other, 3, RejectionReason.NO_PATIENT, now, "lumee.raw", original(operator, other, 3)));
            send(producer, rejection(device, 4, RejectionReason.NO_PATIENT, now.minus(Duration.ofDays(3)), "lumee.orphans", r4));
            send(producer, rejection(device, 5, RejectionReason.NO_PATIENT, now, "lumee.fhir.r4", "{}".getBytes(StandardCharsets.UTF_8)));
        }

        Operator.Run dryRun = operator.run("dlq", "replay", "--reason", "NO_PATIENT", "--device", device, "--dry-run");
        Operator.Run run = operator.run("dlq", "replay", "--reason", "NO_PATIENT", "--since", "24h", "--device", device);

        assertThat(dryRun.status()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("matched 4").contains("would replay 2").contains("1 repeats").contains("1 not replayable");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("matched 3").contains("replayed 1 to lumee.raw");
        List<ConsumerRecord<String, byte[]>> replayed = rawRecords(operator, device);
        assertThat(replayed).singleElement().satisfies(record -> {
            assertThat(record.value()).isEqualTo(r1);
            assertThat(new String(record.headers().lastHeader("lumee-replay").value(), StandardCharsets.US_ASCII)).isEqualTo("1");
        });
        assertThat(rawRecords(operator, other)).isEmpty();
        assertThat(operator.records(operator.topics().audit(), r -> device.equals(r.key()))).singleElement()
                .satisfies(r -> assertThat(r.value().getAction()).isEqualTo(AuditAction.DLQ_REPLAYED));
    }

    private static List<ConsumerRecord<String, byte[]>> rawRecords(Operator operator, String deviceId) {
        var raw = new io.lumee.schemas.topics.Topic<>(operator.topics().raw().spec(), Serdes.String(),
                Serdes.serdeFrom(new org.apache.kafka.common.serialization.ByteArraySerializer(), new ByteArrayDeserializer()));
        return operator.records(raw, r -> deviceId.equals(r.key()));
    }

    private static byte[] original(Operator operator, String deviceId, long sequence) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        LumeeReading reading = LumeeReading.newBuilder().setReadingId(deviceId + ":0:" + sequence).setDeviceId(deviceId).setEpoch(0)
                .setSequence(sequence).setDeviceTime(at).setTissueO2(40).setUnits("%").setSignalQuality(0.9).setSdkVersion("1")
                .setFirmware("fw").setJws("h.p.s").setGatewayId(null).setReceivedAt(at).setIngestId("i").build();
        return operator.topics().raw().valueSerde().serializer().serialize("lumee.raw", reading);
    }

    private static Rejection rejection(String deviceId, long sequence, RejectionReason reason, Instant at, String sourceTopic, byte[] original) {
        return Rejection.newBuilder().setReadingId(deviceId + ":0:" + sequence).setDeviceId(deviceId).setReason(reason).setDetail("test")
                .setStage("test").setSourceTopic(sourceTopic).setSourcePartition(0).setSourceOffset(sequence)
                .setOriginal(ByteBuffer.wrap(original)).setAt(at).build();
    }

    private static void send(KafkaProducer<String, Rejection> producer, Rejection rejection) throws Exception {
        producer.send(new ProducerRecord<>("lumee.rejected", rejection.getDeviceId(), rejection)).get(30, TimeUnit.SECONDS);
    }
}
