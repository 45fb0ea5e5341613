package io.lumee.cli.device;

import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.Secret;
import io.lumee.platform.kafka.KafkaSettings;
import io.lumee.platform.patient.PatientKey;
import io.lumee.platform.registry.RegistryEndpoint;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.Topic;
import io.lumee.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * What the operator commands need of the running pipeline, from the same {@code LUMEE_*} variables the
 * services read: Kafka ({@code LUMEE_KAFKA_*}), the schema registry (the platform's {@link RegistryEndpoint}) and, where a patient is named, the patient key
 * ({@code LUMEE_PATIENT_KEY_FILE}). Every write waits for Kafka's acknowledgement.
 */
public final class PipelineConnection implements AutoCloseable {

    public static final String SERVICE = "admin-cli";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaSettings kafka;
    private final Topics topics;
    private final Optional<Secret> patientKey;
    private KafkaProducer<String, DeviceRegistration> registrations;
    private KafkaProducer<String, AuditRecord> audit;

    private PipelineConnection(KafkaSettings kafka, Topics topics, Optional<Secret> patientKey) {
        this.kafka = kafka;
        this.topics = topics;
        this.patientKey = patientKey;
    }

    /** @throws io.lumee.platform.config.ConfigException listing every bad setting */
    public static PipelineConnection open(Map<String, String> environment) {
        ConfigReader config = new ConfigReader(environment);
        KafkaSettings kafka = KafkaSettings.from(config);
        RegistryEndpoint registry = RegistryEndpoint.from(config);
        Optional<Secret> patientKey = config.optionalSecret(PatientKey.KEY_FILE_VARIABLE);
        config.requireValid();
        return new PipelineConnection(kafka, Topics.create(RegistrySettings.of(registry.url(), registry.autoRegister())), patientKey);
    }

    public Topics topics() {
        return topics;
    }

    public KafkaSettings kafka() {
        return kafka;
    }

    /** The patient key, required once a patient is named: no identifier leaves the CLI otherwise than in the registration. */
    public PatientKey patientKey() {
        return new PatientKey(patientKey.orElseThrow(() -> new IllegalStateException(
                PatientKey.KEY_FILE_VARIABLE + " must name the patient key file: audit records carry the patient key, never the identifier")));
    }

    /** The device's current registration: the last value for its key in the partition Kafka's partitioner gives it. */
    public Optional<DeviceRegistration> registration(String deviceId) throws TimeoutException {
        return Optional.ofNullable(read(deviceId).get(deviceId));
    }

    /** Every device's current registration, in deviceId order. */
    public List<DeviceRegistration> registrations() throws TimeoutException {
        Map<String, DeviceRegistration> all = read(null);
        List<DeviceRegistration> sorted = new ArrayList<>(all.values());
        sorted.sort((a, b) -> a.getDeviceId().compareTo(b.getDeviceId()));
        return sorted;
    }

    public void publish(DeviceRegistration registration) throws ExecutionException, InterruptedException, TimeoutException {
        if (registrations == null) {
            registrations = producer(topics.devices());
        }
        registrations.send(new ProducerRecord<>(topics.devices().name(), registration.getDeviceId(), registration))
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One audit record, written before the command reports success; {@code subjectKey} is a patient key, never an identifier. */
    public void audit(AuditAction action, String deviceId, String subjectKey, String reason, String detail)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (audit == null) {
            audit = producer(topics.audit());
        }
        AuditRecord record = AuditRecord.newBuilder().setAt(Instant.now()).setService(SERVICE).setAction(action).setOutcome("success")
                .setDeviceId(deviceId).setSubjectKey(subjectKey).setPeer(null).setReason(reason).setDetail(detail).build();
        audit.send(new ProducerRecord<>(topics.audit().name(), deviceId, record)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A consumer that reads without a group and commits nothing. */
    public <K, V> KafkaConsumer<K, V> consumer(org.apache.kafka.common.serialization.Deserializer<K> keys,
            org.apache.kafka.common.serialization.Deserializer<V> values) {
        Map<String, Object> properties = new HashMap<>(kafka.consumerProperties("unused"));
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return new KafkaConsumer<>(properties, keys, values);
    }

    public <V> KafkaProducer<String, V> producer(Topic<String, V> topic) {
        return producer(topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    public <K, V> KafkaProducer<K, V> producer(org.apache.kafka.common.serialization.Serializer<K> keys,
            org.apache.kafka.common.serialization.Serializer<V> values) {
        Map<String, Object> properties = new HashMap<>(kafka.producerProperties());
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        return new KafkaProducer<>(properties, keys, values);
    }

    /** Reads lumee.devices up to its end: one device's partition, or all when {@code deviceId} is null. */
    private Map<String, DeviceRegistration> read(String deviceId) throws TimeoutException {
        var values = topics.devices().valueSerde().deserializer();
        try (KafkaConsumer<String, byte[]> consumer = consumer(new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.devices().name(), TIMEOUT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new TimeoutException(topics.devices().name() + " does not exist; run topics apply first");
            }
            if (deviceId != null) {
                // Kafka's default partitioner, as every producer of lumee.devices uses it
                int partition = Utils.toPositive(Utils.murmur2(deviceId.getBytes(StandardCharsets.UTF_8))) % partitions.size();
                partitions = List.of(new TopicPartition(topics.devices().name(), partition));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Map<String, DeviceRegistration> current = new LinkedHashMap<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading " + topics.devices().name() + " took longer than " + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null || (deviceId != null && !deviceId.equals(record.key()))) {
                        continue;
                    }
                    if (record.value() == null) {
                        current.remove(record.key());
                    } else {
                        current.put(record.key(), values.deserialize(record.topic(), record.headers(), record.value()));
                    }
                }
            }
            return current;
        } catch (org.apache.kafka.common.errors.TimeoutException unreachable) {
            throw new TimeoutException("Kafka did not answer within " + TIMEOUT.toSeconds() + " s: " + unreachable.getMessage());
        }
    }

    @Override
    public void close() {
        if (registrations != null) {
            registrations.close(Duration.ofSeconds(5));
        }
        if (audit != null) {
            audit.close(Duration.ofSeconds(5));
        }
    }
}
