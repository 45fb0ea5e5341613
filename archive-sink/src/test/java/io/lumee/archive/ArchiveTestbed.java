package io.lumee.archive;

import io.lumee.archive.read.ArchiveAccess;
import io.lumee.archive.store.ArchiveListing;
import io.lumee.archive.store.ArchiveRange;
import io.lumee.platform.config.ConfigReader;
import io.lumee.protocol.MasterSecrets;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.Topic;
import io.lumee.schemas.topics.TopicSpec;
import io.lumee.schemas.topics.TopicTable;
import io.lumee.schemas.topics.Topics;
import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.kms.KmsStandIn;
import io.lumee.testkit.kms.KmsStandIns;
import io.lumee.testkit.s3.S3MockServer;
import io.lumee.testkit.s3.S3Servers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The real components the archive tests share, started once per test JVM: the testkit's broker and registry,
 * S3Mock in its child JVM, the KMS stand-in with one customer-managed key, the wire-contract topics, credential
 * and master-secret files. Each test archives into a bucket of its own with a consumer group of its own.
 */
public final class ArchiveTestbed {
    private static final List<TopicSpec> ARCHIVED = List.of(TopicTable.RAW, TopicTable.DEVICES, TopicTable.AUDIT);
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static ArchiveTestbed shared;

    public final Path dir;
    public final S3MockServer s3Server;
    public final KmsStandIn kms;
    public final String kmsKeyArn;
    public final Topics topics;
    public final S3Client s3;
    private final Map<String, String> access;

    private ArchiveTestbed(Path dir, S3MockServer s3Server, KmsStandIn kms, Map<String, String> access) {
        this.dir = dir;
        this.s3Server = s3Server;
        this.kms = kms;
        this.access = access;
        this.topics = Topics.create(RegistrySettings.of(TestServers.registry().registryUrl(), true));
        AwsAccess aws = AwsAccess.from(new ConfigReader(access));
        this.s3 = aws.s3();
        try (var client = aws.kms()) {
            this.kmsKeyArn = client.createKey(request -> request.description("lumee archive test key")).keyMetadata().arn();
        }
    }

    public static synchronized ArchiveTestbed shared() {
        if (shared == null) {
            try {
                Path dir = TempDirs.create("archive-testbed");
                S3MockServer s3Server = S3Servers.shared();
                KmsStandIn kms = KmsStandIns.shared();
                Map<String, String> access = new LinkedHashMap<>();
                access.put("LUMEE_ARCHIVE_S3_ENDPOINT", s3Server.endpoint());
                access.put("LUMEE_ARCHIVE_KMS_ENDPOINT", kms.endpoint());
                access.put("LUMEE_ARCHIVE_REGION", S3MockServer.REGION);
                access.put("LUMEE_ARCHIVE_AWS_ACCESS_KEY_ID_FILE", Files.writeString(dir.resolve("access-key-id"), S3MockServer.ACCESS_KEY_ID).toString());
                access.put("LUMEE_ARCHIVE_AWS_SECRET_ACCESS_KEY_FILE",
                        Files.writeString(dir.resolve("secret-access-key"), S3MockServer.SECRET_ACCESS_KEY).toString());
                shared = new ArchiveTestbed(dir, s3Server, kms, access);
                shared.createTopics();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** A new bucket; {@code writeOnce}: created with Object Lock, versioning enabled, as production requires. */
    public String bucket(String purpose, boolean writeOnce) {
        String bucket = "archive-" + purpose + "-" + BUCKETS.incrementAndGet();
        s3.createBucket(request -> request.bucket(bucket).objectLockEnabledForBucket(writeOnce));
        if (writeOnce) {
            s3.putBucketVersioning(request -> request.bucket(bucket).versioningConfiguration(config -> config.status(BucketVersioningStatus.ENABLED)));
        }
        return bucket;
    }

    /** What reading the bucket needs: endpoints, credentials, the KMS key. */
    public Map<String, String> access(String bucket) {
        Map<String, String> environment = new LinkedHashMap<>(access);
        environment.put("LUMEE_ARCHIVE_BUCKET", bucket);
        environment.put("LUMEE_ARCHIVE_KMS_KEY_ARN", kmsKeyArn);
        return environment;
    }

    /** A sink's whole environment: plaintext Kafka, small batches flushed after a second, its own group. */
    public Map<String, String> sinkEnvironment(String bucket, String group) {
        Map<String, String> environment = access(bucket);
        environment.put("LUMEE_KAFKA_BOOTSTRAP", TestServers.kafka().bootstrapServers());
        environment.put("LUMEE_REGISTRY_URL", TestServers.registry().registryUrl());
        environment.put("LUMEE_ARCHIVE_SSE_KMS_KEY_ID", s3Server.sseKmsKeyId());
        environment.put("LUMEE_ARCHIVE_GROUP_ID", group);
        environment.put("LUMEE_ARCHIVE_BATCH_RECORDS", "500");
        environment.put("LUMEE_ARCHIVE_BATCH_AGE", "1s");
        environment.put("LUMEE_MANAGEMENT_HOST", LoopbackPorts.HOST);
        environment.put("LUMEE_MANAGEMENT_PORT", "0");
        // a member killed without leaving is noticed after the session timeout: keep it short
        environment.put("LUMEE_KAFKA_PROPERTY_SESSION_TIMEOUT_MS", "6000");
        environment.put("LUMEE_KAFKA_PROPERTY_HEARTBEAT_INTERVAL_MS", "1000");
        return environment;
    }

    /** The same environment over the broker's mutual-TLS listener, with a client certificate from the test CA. */
    public Map<String, String> overMutualTls(Map<String, String> environment, String clientName) throws IOException {
        Map<String, Object> tls = TestServers.kafka().tlsClientProperties(TestServers.ca().issueServer(clientName));
        Path password = Files.writeString(dir.resolve(clientName + "-store-password"), tls.get("ssl.keystore.password").toString());
        Map<String, String> secured = new LinkedHashMap<>(environment);
        secured.put("LUMEE_KAFKA_BOOTSTRAP", TestServers.kafka().tlsBootstrapServers());
        secured.put("LUMEE_KAFKA_SECURITY_PROTOCOL", "SSL");
        secured.put("LUMEE_KAFKA_KEYSTORE_FILE", tls.get("ssl.keystore.location").toString());
        secured.put("LUMEE_KAFKA_KEYSTORE_PASSWORD_FILE", password.toString());
        secured.put("LUMEE_KAFKA_TRUSTSTORE_FILE", tls.get("ssl.truststore.location").toString());
        secured.put("LUMEE_KAFKA_TRUSTSTORE_PASSWORD_FILE", password.toString());
        return secured;
    }

    public ArchiveAccess.Connection reader(String bucket) {
        return ArchiveAccess.from(new ConfigReader(access(bucket))).connect();
    }

    public MasterSecrets masterSecrets() {
        return MasterSecrets.of(Readings.MASTER_V1, Readings.MASTER_V2);
    }

    /** Produces and waits for every acknowledgement; {@code partition} null lets Kafka's partitioner choose. */
    public <V> void produce(Topic<String, V> topic, List<V> values, Function<V, String> key) {
        try (KafkaProducer<String, V> producer = producer(topic, Map.of())) {
            for (V value : values) {
                producer.send(new ProducerRecord<>(topic.name(), key.apply(value), value));
            }
            producer.flush();
        }
    }

    /** Plain records into one partition, whatever their keys. */
    public <V> void produceTo(Topic<String, V> topic, int partition, List<V> values, Function<V, String> key) {
        try (KafkaProducer<String, V> producer = producer(topic, Map.of())) {
            for (V value : values) {
                producer.send(new ProducerRecord<>(topic.name(), partition, key.apply(value), value));
            }
            producer.flush();
        }
    }

    /** One transaction into one partition, committed or aborted: its records and its marker take offsets. */
    public <V> void produceTransaction(Topic<String, V> topic, int partition, List<V> values, Function<V, String> key, boolean commit) {
        try (KafkaProducer<String, V> producer = producer(topic, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "archive-test-" + UUID.randomUUID()))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (V value : values) {
                producer.send(new ProducerRecord<>(topic.name(), partition, key.apply(value), value));
            }
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }

    /** Each archived partition's log end offset now. */
    public Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", TestServers.kafka().bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = ARCHIVED.stream().flatMap(spec -> consumer.partitionsFor(spec.name()).stream())
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    /** Waits until the bucket holds every partition up to its end offset as of {@code ends}. */
    public void awaitArchived(String bucket, Map<TopicPartition, Long> ends, Duration timeout) throws InterruptedException {
        ArchiveListing listing = new ArchiveListing(s3, bucket);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (end.getValue() == 0) {
                continue;
            }
            while (listing.last(end.getKey().topic(), end.getKey().partition(), end.getValue()).map(ArchiveRange::next).orElse(0L) < end.getValue()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(end.getKey() + " was not archived up to " + end.getValue() + " within " + timeout
                            + "; the bucket has " + listing.last(end.getKey().topic(), end.getKey().partition(), end.getValue()));
                }
                Thread.sleep(200);
            }
        }
    }

    public Optional<ArchiveRange> last(String bucket, TopicPartition partition) {
        return new ArchiveListing(s3, bucket).last(partition.topic(), partition.partition(), Long.MAX_VALUE / 2);
    }

    private <V> KafkaProducer<String, V> producer(Topic<String, V> topic, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of("bootstrap.servers", TestServers.kafka().bootstrapServers(),
                "acks", "all", "enable.idempotence", true, "linger.ms", 5));
        properties.putAll(extra);
        return new KafkaProducer<>(properties, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestServers.kafka().bootstrapServers()))) {
            List<String> existing = List.copyOf(admin.listTopics().names().get());
            List<NewTopic> missing = ARCHIVED.stream().filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs())).toList();
            admin.createTopics(missing).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the archived topics", e);
        }
    }
}
