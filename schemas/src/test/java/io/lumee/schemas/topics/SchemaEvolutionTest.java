package io.lumee.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.SampleRecords;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.registry.ApicurioRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract evolves under the registry's BACKWARD rule, and old and new readers keep reading. */
class SchemaEvolutionTest {
    private static final ApicurioRegistry REGISTRY = TestServers.registry();
    private final CompatibleApi api = new CompatibleApi(REGISTRY.ccompatUrl());
    private String topic;
    private String subject;

    @BeforeEach
    void freshSubject() {
        topic = "evolution-" + UUID.randomUUID();
        subject = topic + "-value";
    }

    @Test
    void optionalFieldIsAcceptedUnderBackward() throws Exception {
        registerV1UnderBackward();

        CompatibleApi.Answer v2 = api.register(subject, withField(optionalBatteryLevel()));

        assertThat(v2.status()).as("%s", v2.body()).isEqualTo(200);
        assertThat(api.versions(subject).body()).hasSize(2);
    }

    @Test
    void requiredFieldWithoutDefaultIsRefusedUnderBackward() throws Exception {
        registerV1UnderBackward();

        CompatibleApi.Answer incompatible = api.register(subject,
                withField(new Schema.Field("batteryLevel", Schema.create(Schema.Type.DOUBLE), "Battery level, 0..1.")));

        assertThat(incompatible.status()).as("%s", incompatible.body()).isEqualTo(409);
        assertThat(api.versions(subject).body()).hasSize(1);
    }

    @Test
    void v2BytesAreReadByTheV1Serde() throws Exception {
        registerV1UnderBackward();
        Schema v2 = withField(optionalBatteryLevel());
        GenericRecord newer = asGeneric(SampleRecords.reading("lumee-0042", 5), v2);
        newer.put("batteryLevel", 0.8);

        byte[] bytes;
        try (AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(AvroSerdes.config(RegistrySettings.of(REGISTRY.registryUrl(), true)), false);
            bytes = serializer.serialize(topic, newer);
        }
        LumeeReading read = v1Topics().raw().valueSerde().deserializer().deserialize(topic, bytes);

        assertThat(api.versions(subject).body()).as("the serde registered v2 under the same subject").hasSize(2);
        assertThat(read).isEqualTo(SampleRecords.reading("lumee-0042", 5));
    }

    @Test
    void v1BytesAreReadUnderV2WithTheNewFieldDefaulted() throws Exception {
        Topics topics = Topics.create(RegistrySettings.of(REGISTRY.registryUrl(), true));
        LumeeReading original = SampleRecords.reading("lumee-0043", 6);
        byte[] bytes = topics.raw().valueSerde().serializer().serialize(topic, original);

        ByteBuffer frame = ByteBuffer.wrap(bytes);
        assertThat(frame.get()).as("magic byte").isZero();
        Schema writer = api.schemaById(frame.getInt());
        Schema v2 = withField(optionalBatteryLevel());
        GenericRecord read = new GenericDatumReader<GenericRecord>(writer, v2).read(null,
                DecoderFactory.get().binaryDecoder(bytes, frame.position(), frame.remaining(), null));

        assertThat(read.get("batteryLevel")).isNull();
        assertThat(read.get("readingId").toString()).isEqualTo(original.getReadingId());
        assertThat(read.get("tissueO2")).isEqualTo(original.getTissueO2());
        assertThat(read.get("deviceTime")).isEqualTo(original.getDeviceTime().toEpochMilli());
    }

    private void registerV1UnderBackward() throws Exception {
        CompatibleApi.Answer v1 = api.register(subject, LumeeReading.SCHEMA$);
        assertThat(v1.status()).as("%s", v1.body()).isEqualTo(200);
        CompatibleApi.Answer rule = api.setCompatibility(subject, "BACKWARD");
        assertThat(rule.status()).as("%s", rule.body()).isEqualTo(200);
    }

    private static Topics v1Topics() {
        return Topics.create(RegistrySettings.of(REGISTRY.registryUrl(), false));
    }

    private static Schema.Field optionalBatteryLevel() {
        Schema nullableDouble = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.DOUBLE));
        return new Schema.Field("batteryLevel", nullableDouble, "Battery level, 0..1, when the SDK reports it.",
                Schema.Field.NULL_DEFAULT_VALUE);
    }

    /** LumeeReading with one more field, as a later release of the contract might add. */
    private static Schema withField(Schema.Field extra) {
        Schema v1 = LumeeReading.SCHEMA$;
        List<Schema.Field> fields = new ArrayList<>();
        v1.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(extra);
        return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
    }

    private static GenericRecord asGeneric(LumeeReading reading, Schema schema) {
        GenericRecord record = new GenericData.Record(schema);
        for (Schema.Field field : LumeeReading.SCHEMA$.getFields()) {
            Object value = reading.get(field.name());
            record.put(field.name(), value instanceof java.time.Instant at ? at.toEpochMilli() : value);
        }
        return record;
    }
}
