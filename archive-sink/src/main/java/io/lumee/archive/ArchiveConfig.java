package io.lumee.archive;

import io.lumee.archive.envelope.EnvelopeSettings;
import io.lumee.archive.sink.BatchLimits;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.kafka.KafkaSettings;
import io.lumee.platform.registry.RegistryEndpoint;
import io.lumee.schemas.topics.TopicTable;
import java.time.Period;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The archive-sink's settings, each a {@code LUMEE_*} variable with a default that works in the embedded
 * stack; {@code docs/archive-sink.md} lists them all (and a test checks that it does).
 */
public record ArchiveConfig(
        KafkaSettings kafka,
        RegistryEndpoint registry,
        AwsAccess aws,
        String bucket,
        String sseKmsKeyId,
        EnvelopeSettings envelope,
        List<String> topics,
        String groupId,
        BatchLimits limits,
        Period retention,
        boolean legalHold,
        boolean devStore) {

    static final String DEFAULT_TOPICS = String.join(",", TopicTable.RAW.name(), TopicTable.DEVICES.name(), TopicTable.AUDIT.name());
    private static final Pattern RETENTION = Pattern.compile("(\\d{1,4})([yd])");

    public ArchiveConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(sseKmsKeyId, "sseKmsKeyId");
        Objects.requireNonNull(envelope, "envelope");
        topics = List.copyOf(topics);
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(retention, "retention");
    }

    public static ArchiveConfig from(ConfigReader config) {
        return new ArchiveConfig(
                KafkaSettings.from(config),
                RegistryEndpoint.from(config),
                AwsAccess.from(config),
                bucket(config),
                sseKmsKeyId(config),
                EnvelopeSettings.from(config),
                topics(config),
                config.string("LUMEE_ARCHIVE_GROUP_ID", "lumee-archive-sink"),
                new BatchLimits(
                        config.intValue("LUMEE_ARCHIVE_BATCH_RECORDS", 5_000, 1, 1_000_000),
                        config.longValue("LUMEE_ARCHIVE_BATCH_BYTES", 8L * 1024 * 1024, 1024, 1024L * 1024 * 1024),
                        config.duration("LUMEE_ARCHIVE_BATCH_AGE", "5m")),
                retention(config),
                config.booleanValue("LUMEE_ARCHIVE_LEGAL_HOLD", false),
                config.booleanValue("LUMEE_ARCHIVE_DEV_STORE", false));
    }

    /** {@code LUMEE_ARCHIVE_BUCKET}, shared with {@code archive verify} and {@code export}. */
    public static String bucket(ConfigReader config) {
        String bucket = config.string("LUMEE_ARCHIVE_BUCKET", "lumee-archive");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            config.reject("LUMEE_ARCHIVE_BUCKET", "an S3 bucket name (3-63 of a-z, 0-9, '.', '-')", ConfigReader.quote(bucket));
        }
        return bucket;
    }

    private static String sseKmsKeyId(ConfigReader config) {
        return config.optionalString("LUMEE_ARCHIVE_SSE_KMS_KEY_ID").orElseGet(() -> {
            config.reject("LUMEE_ARCHIVE_SSE_KMS_KEY_ID", "the KMS key (id, ARN or alias) S3 encrypts every object with (SSE-KMS)",
                    "nothing (it is required)");
            return "";
        });
    }

    private static List<String> topics(ConfigReader config) {
        List<String> topics = config.list("LUMEE_ARCHIVE_TOPICS", DEFAULT_TOPICS);
        for (String topic : topics) {
            if (topic.contains("/") || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
                config.reject("LUMEE_ARCHIVE_TOPICS", "Kafka topic names", ConfigReader.quote(topic));
            }
        }
        if (topics.isEmpty()) {
            config.reject("LUMEE_ARCHIVE_TOPICS", "at least one topic", "none");
        }
        return topics;
    }

    /** {@code <n>y} (calendar years) or {@code <n>d}: S3 Object Lock counts retention in years or days too. */
    private static Period retention(ConfigReader config) {
        String raw = config.string("LUMEE_ARCHIVE_RETENTION", "7y");
        Matcher matcher = RETENTION.matcher(raw);
        if (matcher.matches() && Integer.parseInt(matcher.group(1)) > 0) {
            int amount = Integer.parseInt(matcher.group(1));
            return matcher.group(2).equals("y") ? Period.ofYears(amount) : Period.ofDays(amount);
        }
        config.reject("LUMEE_ARCHIVE_RETENTION", "a positive number of years or days, such as 7y or 30d", ConfigReader.quote(raw));
        return Period.ofYears(7);
    }
}
