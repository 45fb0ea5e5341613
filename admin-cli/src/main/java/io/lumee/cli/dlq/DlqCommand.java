package io.lumee.cli.dlq;

import io.lumee.cli.AdminCli;
import io.lumee.cli.device.CommandRun;
import io.lumee.cli.device.PipelineConnection;
import io.lumee.platform.config.DurationText;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import io.lumee.schemas.topics.Topic;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dlq}: the dead-letter queue, {@code lumee.rejected}. */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "The dead-letter queue, lumee.rejected.",
        subcommands = {DlqCommand.Replay.class})
public final class DlqCommand {

    /** The header DESIGN.md names: a replayed record goes through the duplicate filter when its reading was held or rejected. */
    public static final String REPLAY_HEADER = "lumee-replay";

    private DlqCommand() {}

    /**
     * Reads {@code lumee.rejected} from its beginning up to the end offsets taken when the run starts (so
     * the re-rejections of this run's own replays, written while it runs, are never replayed by it), and
     * re-produces the original bytes of each matching rejection to {@code lumee.raw}, keyed by deviceId,
     * with the header {@code lumee-replay: 1}.
     */
    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Re-produce the originals of matching lumee.rejected records to lumee.raw (header lumee-replay: 1).")
    static final class Replay implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--reason", required = true, description = "The rejection reason to replay, e.g. NO_PATIENT.")
        private RejectionReason reason;

        @Option(names = "--since", paramLabel = "INSTANT|DURATION",
                description = "Only rejections at or after this time: 2026-01-18T00:00:00Z, or 24h for the last day.")
        private String since;

        @Option(names = "--device", paramLabel = "DEVICE_ID", description = "Only this device's rejections.")
        private String device;

        @Option(names = "--dry-run", description = "Count what would be replayed, produce nothing.")
        private boolean dryRun;

        @Override
        public Integer call() {
            return CommandRun.run(spec, this::replay);
        }

        private void replay() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            ReplayPlan plan = new ReplayPlan(new ReplayPlan.Filter(reason, since == null ? Optional.empty() : Optional.of(instant(since)),
                    Optional.ofNullable(device)));
            try (PipelineConnection pipeline = PipelineConnection.open(AdminCli.environment(spec))) {
                Map<Integer, Long> end = scan(pipeline, pipeline.topics().rejected(), plan);
                List<ReplayPlan.Replay> replays = plan.replays();
                if (!dryRun) {
                    produce(pipeline, replays);
                }
                String counts = "scanned " + plan.scanned() + " rejections (up to offsets " + end + "), matched " + plan.matched()
                        + ", " + (dryRun ? "would replay " : "replayed ") + replays.size() + " to lumee.raw, skipped "
                        + plan.repeats() + " repeats of a reading already taken and " + plan.notReplayable()
                        + " not replayable (original not a reading, or no deviceId)";
                if (!dryRun) {
                    pipeline.audit(AuditAction.DLQ_REPLAYED, device, null, reason.name(), counts);
                }
                out.println(counts);
            }
        }

        /** Reads every partition from its beginning to the end it had when the run began. */
        private static Map<Integer, Long> scan(PipelineConnection pipeline, Topic<String, Rejection> topic, ReplayPlan plan) throws TimeoutException {
            var values = topic.valueSerde().deserializer();
            try (KafkaConsumer<String, byte[]> consumer = pipeline.consumer(new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                if (partitions.isEmpty()) {
                    throw new TimeoutException(topic.name() + " does not exist; run topics apply first");
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException("reading " + topic.name() + " took longer than 10 minutes");
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.value() != null && record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                            plan.offer(values.deserialize(record.topic(), record.headers(), record.value()));
                        }
                    }
                }
                Map<Integer, Long> ends = new TreeMap<>();
                end.forEach((partition, offset) -> ends.put(partition.partition(), offset));
                return ends;
            }
        }

        private static void produce(PipelineConnection pipeline, List<ReplayPlan.Replay> replays) throws Exception {
            String raw = pipeline.topics().raw().name();
            try (KafkaProducer<String, byte[]> producer = pipeline.producer(new StringSerializer(), new ByteArraySerializer())) {
                List<Future<RecordMetadata>> sent = new ArrayList<>(replays.size());
                for (ReplayPlan.Replay replay : replays) {
                    // the original bytes exactly: already a Confluent-framed LumeeReading
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(raw, replay.deviceId(), replay.original());
                    record.headers().add(REPLAY_HEADER, "1".getBytes(StandardCharsets.US_ASCII));
                    sent.add(producer.send(record));
                }
                for (Future<RecordMetadata> ack : sent) {
                    ack.get(1, TimeUnit.MINUTES);
                }
            }
        }

        private static Instant instant(String text) {
            Optional<Duration> ago = DurationText.parse(text);
            if (ago.isPresent()) {
                return Instant.now().minus(ago.get());
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException neither) {
                throw new IllegalArgumentException("--since " + text + ": expected an instant such as 2026-01-18T00:00:00Z or a duration such as 24h");
            }
        }
    }
}
