package io.lumee.gateway.identity;

import io.lumee.platform.kafka.KafkaSettings;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.topics.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted {@code lumee.devices} from its beginning into a {@link DeviceDirectory}, on a
 * thread of its own. Every gateway instance reads the whole topic (no consumer group, no committed
 * offsets): each needs every device. {@link #caughtUp()} turns true once it has read up to the end
 * offsets seen at start, so a fresh gateway never answers with a view older than its start.
 */
public final class DeviceFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, DeviceRegistration> topic;
    private final Deserializer<DeviceRegistration> values;
    private final DeviceDirectory directory;
    private final Thread thread;
    private volatile boolean caughtUp;
    private volatile boolean closing;

    public DeviceFollower(KafkaSettings kafka, Topic<String, DeviceRegistration> topic, DeviceDirectory directory) {
        Map<String, Object> properties = new HashMap<>(kafka.consumerProperties("unused"));
        // assign(), never subscribe(): no group to join, no offsets to commit
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "lumee-edge-gateway-devices");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        // values are decoded one by one, so one unreadable registration fails closed for its device only
        this.values = topic.valueSerde().deserializer();
        this.directory = directory;
        this.thread = new Thread(this::run, "lumee-devices-follower");
        this.thread.setDaemon(true);
    }

    public DeviceFollower start() {
        thread.start();
        return this;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** Blocks until the view reached the end offsets seen at start; false if {@code timeout} passed first. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL.toMillis() / 2);
        }
        return true;
    }

    private void run() {
        try {
            Map<TopicPartition, Long> startEnd = assignAll();
            while (!closing) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        apply(record);
                    }
                    if (!caughtUp && startEnd.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                        caughtUp = true;
                        LOG.info("device registrations read up to the end: {} devices", directory.size());
                    }
                } catch (TimeoutException unreachable) {
                    // the broker is away; the consumer reconnects by itself, the view keeps what it has
                    LOG.warn("{} unreachable: {}", topic.name(), unreachable.toString());
                }
            }
        } catch (WakeupException closed) {
            // close() woke the poll
        } catch (RuntimeException | Error failed) {
            // a stale view must not keep answering: readiness goes down and the platform restarts us
            LOG.error("following {} failed; readiness stays down", topic.name(), failed);
            caughtUp = false;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    /** Waits for the topic (it may not exist yet when the gateway starts first), then reads it from the start. */
    private Map<TopicPartition, Long> assignAll() {
        while (!closing) {
            try {
                List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                if (!partitions.isEmpty()) {
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    return consumer.endOffsets(partitions, Duration.ofSeconds(30));
                }
                LOG.warn("topic {} not found yet; retrying", topic.name());
            } catch (TimeoutException unreachable) {
                LOG.warn("{} unreachable: {}", topic.name(), unreachable.toString());
            }
            sleep(Duration.ofSeconds(1));
        }
        return Map.of();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warn("{} record at {}-{}@{} has no key; ignored", topic.name(), record.topic(), record.partition(), record.offset());
            return;
        }
        if (record.value() == null) {
            directory.apply(record.key(), null);
            return;
        }
        try {
            directory.apply(record.key(), Registration.of(values.deserialize(record.topic(), record.headers(), record.value())));
        } catch (RuntimeException unreadable) {
            LOG.warn("registration of device {} at {}-{}@{} is unreadable; the device is refused until a readable one arrives: {}",
                    record.key(), record.topic(), record.partition(), record.offset(), unreadable.toString());
            directory.apply(record.key(), Registration.UNREADABLE);
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
