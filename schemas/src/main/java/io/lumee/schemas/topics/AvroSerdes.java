package io.lumee.schemas.topics;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.PatientAssignment;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import io.lumee.schemas.SigningAlgorithm;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Apicurio Avro serdes writing the Confluent wire format: magic byte 0, the 4-byte content id that the
 * registry's Confluent-compatible API also returns, then Avro binary; no schema headers. Subjects follow
 * the topic-name strategy ({@code lumee.raw-value}).
 */
final class AvroSerdes {
    static {
        trustGeneratedClasses();
    }

    private AvroSerdes() {}

    static <T extends SpecificRecord> Serde<T> valueSerde(RegistrySettings registry) {
        Map<String, Object> config = config(registry);
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(config, false);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    static Map<String, Object> config(RegistrySettings registry) {
        Map<String, Object> config = new HashMap<>(registry.extra());
        config.put(SchemaResolverConfig.REGISTRY_URL, registry.url());
        config.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, registry.autoRegister());
        config.put(SerdeConfig.USE_ID, "contentId");
        config.put(KafkaSerdeConfig.ENABLE_HEADERS, false);
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        return config;
    }

    /**
     * Avro 1.12.2 instantiates only trusted classes when decoding with the specific reader; ours join
     * whatever the deployment already trusts (its SERIALIZABLE_* system properties keep working).
     */
    private static void trustGeneratedClasses() {
        ClassSecurityValidator.Builder ours = ClassSecurityValidator.builder();
        Stream.of(LumeeReading.class, DeviceRegistration.class, PatientAssignment.class, DeviceStatus.class,
                        SigningAlgorithm.class, Rejection.class, RejectionReason.class, AuditRecord.class, AuditAction.class)
                .forEach(type -> ours.add(type.getName()));
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours.build()));
    }
}
