package io.lumee.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.SampleRecords;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.registry.ApicurioRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** Confluent wire format: magic byte 0, the content id the Confluent-compatible API returns, Avro binary. */
class WireFormatTest {
    private static final ApicurioRegistry REGISTRY = TestServers.registry();
    private final CompatibleApi api = new CompatibleApi(REGISTRY.ccompatUrl());

    @Test
    void everyRecordRoundTripsThroughItsTopicSerde() {
        Topics topics = Topics.create(RegistrySettings.of(REGISTRY.registryUrl(), true));

        assertRoundTrip(topics.raw(), SampleRecords.reading("lumee-0001", 1));
        assertRoundTrip(topics.devices(), SampleRecords.registration("lumee-0001"));
        assertRoundTrip(topics.rejected(), SampleRecords.rejection("lumee-0001"));
        assertRoundTrip(topics.orphans(), SampleRecords.reading("lumee-0001", 2));
        assertRoundTrip(topics.audit(), SampleRecords.audit("lumee-0001"));
        assertRoundTrip(topics.fhirR4(), "{\"resourceType\":\"Bundle\"}");
        assertRoundTrip(topics.hl7v2Oru(), "MSH|^~\\&|LUMEE");
    }

    @Test
    void serializerWritesTheIdTheCompatibleApiReturns() throws Exception {
        String topic = "wire-" + UUID.randomUUID();
        Topics topics = Topics.create(RegistrySettings.of(REGISTRY.registryUrl(), true));

        byte[] bytes = topics.raw().valueSerde().serializer().serialize(topic, SampleRecords.reading("lumee-0002", 1));
        CompatibleApi.Answer registered = api.register(topic + "-value", LumeeReading.SCHEMA$);

        ByteBuffer frame = ByteBuffer.wrap(bytes);
        assertThat(frame.get()).as("magic byte").isZero();
        assertThat(frame.getInt()).isEqualTo(registered.body().get("id").asInt());
    }

    @Test
    void recordFramedByHandAsANonJavaGatewayWouldIsDecoded() throws Exception {
        String topic = "handmade-" + UUID.randomUUID();
        // The same content under two subjects: two versions (global ids), one content id, so a serde
        // that read the id as a global id would fail here.
        api.register(topic + "-twin", LumeeReading.SCHEMA$);
        int id = api.register(topic + "-value", LumeeReading.SCHEMA$).body().get("id").asInt();
        LumeeReading reading = SampleRecords.reading("lumee-0003", 9);

        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.write(0);
        framed.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(framed, null);
        new SpecificDatumWriter<>(LumeeReading.class).write(reading, encoder);
        encoder.flush();

        Topics topics = Topics.create(RegistrySettings.of(REGISTRY.registryUrl(), false));
        LumeeReading decoded = topics.raw().valueSerde().deserializer().deserialize(topic, framed.toByteArray());

        assertThat(decoded).isEqualTo(reading);
    }

    private static <V> void assertRoundTrip(Topic<String, V> topic, V value) {
        Serde<V> serde = topic.valueSerde();
        byte[] bytes = serde.serializer().serialize(topic.name(), value);
        assertThat(serde.deserializer().deserialize(topic.name(), bytes)).isEqualTo(value);
        assertThat(topic.keySerde().deserializer().deserialize(topic.name(),
                topic.keySerde().serializer().serialize(topic.name(), "lumee-0001"))).isEqualTo("lumee-0001");
    }
}
