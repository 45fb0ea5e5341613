package io.lumee.fhirsink.kafka;

import io.lumee.schemas.Rejection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Makes the drain's Kafka clients. Services use {@link #REAL}; a crash test wraps the producer to die
 * between the FHIR write and the offset commit, which no outside signal can hit reliably.
 */
public interface KafkaClientFactory {

    /** Values as bytes: a rejection must carry the record exactly as read. */
    Consumer<String, byte[]> consumer(Map<String, Object> properties);

    Producer<String, Rejection> producer(Map<String, Object> properties, Serializer<Rejection> values);

    KafkaClientFactory REAL = new KafkaClientFactory() {
        @Override
        public Consumer<String, byte[]> consumer(Map<String, Object> properties) {
            return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public Producer<String, Rejection> producer(Map<String, Object> properties, Serializer<Rejection> values) {
            return new KafkaProducer<>(properties, new StringSerializer(), values);
        }
    };
}
