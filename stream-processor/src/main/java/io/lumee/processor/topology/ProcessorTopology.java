package io.lumee.processor.topology;

import io.lumee.platform.patient.PatientKey;
import io.lumee.processor.metrics.ProcessorMetrics;
import io.lumee.processor.outputs.OutputKind;
import io.lumee.processor.rules.RuleSettings;
import io.lumee.schemas.topics.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The processor's whole data path: {@code lumee.raw} and the co-partitioned {@code lumee.devices} into one
 * rules processor with three state stores, out to every output topic. Built from config, no I/O here.
 */
public final class ProcessorTopology {
    static final String DEVICES_STORE = "devices";
    static final String DEDUP_STORE = "duplicates";
    static final String ORPHAN_STORE = "orphans";

    static final String FHIR_R4_SINK = "fhir-r4";
    static final String FHIR_R5_SINK = "fhir-r5";
    static final String HL7_SINK = "hl7v2";
    static final String REJECTED_SINK = "rejected";
    static final String ORPHANS_SINK = "orphans-log";
    static final String AUDIT_SINK = "audit";

    private static final String RULES = "rules";

    private ProcessorTopology() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Topology build(RuleSettings settings, Topics topics, PatientKey patientKey, ProcessorMetrics metrics) {
        Topology topology = new Topology();
        ByteArrayDeserializer bytes = new ByteArrayDeserializer();
        // Raw bytes in: a record that does not decode must still reach the DLQ with its original bytes.
        topology.addSource("raw", bytes, bytes, topics.raw().name());
        topology.addSource("devices-source", bytes, bytes, topics.devices().name());
        topology.addProcessor(RULES, () -> new ReadingRouter(settings, topics.raw().valueSerde().deserializer(),
                topics.devices().valueSerde().deserializer(), patientKey, metrics, topics.raw().name(),
                topics.devices().name()), "raw", "devices-source");
        for (String store : new String[] {DEVICES_STORE, DEDUP_STORE, ORPHAN_STORE}) {
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.String(), Serdes.ByteArray()), RULES);
        }
        StringSerializer text = new StringSerializer();
        for (OutputKind kind : settings.outputs()) {
            String topic = switch (kind) {
                case FHIR_R4 -> topics.fhirR4().name();
                case FHIR_R5 -> topics.fhirR5().name();
                case HL7V2 -> topics.hl7v2Oru().name();
            };
            topology.addSink(sinkFor(kind), topic, text, text, RULES);
        }
        topology.addSink(REJECTED_SINK, topics.rejected().name(), text,
                (org.apache.kafka.common.serialization.Serializer) topics.rejected().valueSerde().serializer(), RULES);
        topology.addSink(AUDIT_SINK, topics.audit().name(), text,
                (org.apache.kafka.common.serialization.Serializer) topics.audit().valueSerde().serializer(), RULES);
        // Held readings are logged as their original bytes: already a LumeeReading in the wire format.
        topology.addSink(ORPHANS_SINK, topics.orphans().name(), text, new ByteArraySerializer(), RULES);
        return topology;
    }

    static String sinkFor(OutputKind kind) {
        return switch (kind) {
            case FHIR_R4 -> FHIR_R4_SINK;
            case FHIR_R5 -> FHIR_R5_SINK;
            case HL7V2 -> HL7_SINK;
        };
    }
}
