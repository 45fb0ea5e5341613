package io.lumee.archive;

import io.lumee.archive.envelope.EnvelopeEncryption;
import io.lumee.archive.envelope.EnvelopeSettings;
import io.lumee.archive.format.ArchivedRecord;
import io.lumee.archive.format.WriterSchemas;
import io.lumee.archive.sink.BatchArchiver;
import io.lumee.archive.store.ArchiveRange;
import io.lumee.archive.store.LockPolicy;
import io.lumee.archive.store.LockedPut;
import io.lumee.platform.config.ConfigReader;
import io.lumee.schemas.topics.Topic;
import io.lumee.testkit.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Writes archive objects straight into a bucket with the sink's own parts (Avro file, envelope, locked put),
 * without Kafka, so verify and export tests lay out exactly the archive they need: any range, a gap, an overlap.
 */
public final class ArchiveWriter implements AutoCloseable {
    private final ArchiveTestbed testbed;
    private final KmsClient kms;
    private final BatchArchiver archiver;

    public ArchiveWriter(ArchiveTestbed testbed, String bucket) {
        this.testbed = testbed;
        ConfigReader config = new ConfigReader(testbed.access(bucket));
        this.kms = AwsAccess.from(config).kms();
        this.archiver = new BatchArchiver(new WriterSchemas(TestServers.registry().registryUrl()),
                EnvelopeEncryption.of(EnvelopeSettings.from(config), kms),
                new LockedPut(testbed.s3, bucket, testbed.s3Server.sseKmsKeyId(), new LockPolicy(true, Period.ofYears(7), false), Clock.systemUTC()));
    }

    /** Values serialized as their topic's producers would, at offsets {@code first, first + 1, ...} of {@code [first, next)}. */
    public <V> ArchiveRange write(Topic<String, V> topic, int partition, long first, long next, List<V> values,
                                  java.util.function.Function<V, String> key) throws IOException {
        ArchiveRange range = new ArchiveRange(topic.name(), partition, first, next);
        List<ArchivedRecord> records = new ArrayList<>();
        long offset = first;
        for (V value : values) {
            records.add(new ArchivedRecord(topic.name(), partition, offset++, Readings.T0.plusSeconds(offset), "CreateTime",
                    key.apply(value).getBytes(StandardCharsets.UTF_8), topic.valueSerde().serializer().serialize(topic.name(), value), List.of()));
        }
        archiver.archive(range, records);
        return range;
    }

    public ArchiveTestbed testbed() {
        return testbed;
    }

    @Override
    public void close() {
        kms.close();
    }
}
