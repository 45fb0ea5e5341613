package io.lumee.gateway;

import io.lumee.schemas.topics.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The gateway's producers: the platform's guarantees (idempotent, acks=all) with every wait bounded,
 * so a request never hangs on an absent broker: {@code max.block.ms} bounds {@code send()},
 * {@code delivery.timeout.ms} bounds the acknowledgement.
 */
final class KafkaProducers {

    private KafkaProducers() {}

    static <V> KafkaProducer<String, V> create(GatewayConfig config, Topic<String, V> topic, String clientId,
                                               Duration bound) {
        Map<String, Object> properties = new HashMap<>(config.kafka().producerProperties());
        long timeout = bound.toMillis();
        long linger = Long.parseLong(String.valueOf(properties.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, "0")));
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeout - linger));
        return new KafkaProducer<>(properties, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** Closing waits for what is in flight, but not forever. */
    static AutoCloseable closing(KafkaProducer<?, ?> producer) {
        return () -> producer.close(Duration.ofSeconds(5));
    }
}
