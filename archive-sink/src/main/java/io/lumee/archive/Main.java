package io.lumee.archive;

import io.lumee.archive.envelope.EnvelopeEncryption;
import io.lumee.archive.format.WriterSchemas;
import io.lumee.archive.sink.ArchiveMetrics;
import io.lumee.archive.sink.ArchiveSink;
import io.lumee.archive.sink.BatchArchiver;
import io.lumee.archive.store.ArchiveListing;
import io.lumee.archive.store.BucketProtection;
import io.lumee.archive.store.LockPolicy;
import io.lumee.archive.store.LockedPut;
import io.lumee.platform.config.ConfigException;
import io.lumee.platform.service.ServiceRuntime;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the archive-sink: config, the bucket check, S3, KMS, the Kafka consumer, and the platform endpoints. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        ServiceRuntime.run("archive-sink", ArchiveConfig::from, Main::wire);
    }

    /** The service's parts, started inside a {@link ServiceRuntime}; tests call it too. */
    public static void wire(ArchiveConfig config, ServiceRuntime runtime) throws Exception {
        S3Client s3 = runtime.closeOnShutdown("s3 client", config.aws().s3());
        KmsClient kms = runtime.closeOnShutdown("kms client", config.aws().kms());
        BucketProtection protection = BucketProtection.of(s3, config.bucket());
        if (!protection.writeOnce()) {
            if (!config.devStore()) {
                throw new ConfigException(List.of("LUMEE_ARCHIVE_BUCKET: expected a bucket with versioning and Object Lock enabled, got "
                        + config.bucket() + " (" + protection.describe() + "); LUMEE_ARCHIVE_DEV_STORE=true allows it for development only"));
            }
            LOG.atWarn().setMessage("development store: the archive is not write-once").addKeyValue("bucket", config.bucket())
                    .addKeyValue("protection", protection.describe()).log();
        }
        LockPolicy lock = new LockPolicy(protection.objectLock(), config.retention(), config.legalHold());
        BatchArchiver archiver = new BatchArchiver(new WriterSchemas(config.registry().url()), EnvelopeEncryption.of(config.envelope(), kms),
                new LockedPut(s3, config.bucket(), config.sseKmsKeyId(), lock, Clock.systemUTC()));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config.kafka().consumerProperties(config.groupId()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        // onFatal runs on the sink's own thread, which shutdown waits for: stop from another thread
        ArchiveSink sink = new ArchiveSink(consumer, config.topics(), new ArchiveListing(s3, config.bucket()), archiver, config.limits(),
                new ArchiveMetrics(runtime.meters(), config.groupId()), Clock.systemUTC(),
                () -> new Thread(runtime::shutdown, "lumee-archive-sink-fatal").start());
        runtime.closeOnShutdown("archive sink", sink);
        runtime.readiness().register("kafka-assigned", sink::assigned);
        sink.start();
    }
}
