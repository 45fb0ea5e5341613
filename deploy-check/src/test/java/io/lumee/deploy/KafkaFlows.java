package io.lumee.deploy;

import io.lumee.archive.ArchiveConfig;
import io.lumee.fhirsink.FhirSinkConfig;
import io.lumee.fhirsink.FhirVersion;
import io.lumee.hl7bridge.BridgeConfig;
import io.lumee.processor.ProcessorConfig;
import io.lumee.schemas.topics.TopicTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What each program does on Kafka: DESIGN.md's topic table (who reads and writes each topic) and, from
 * the program's effective settings, the consumer groups it joins and the transactional ids it uses.
 * A KafkaUser must grant exactly these topics, and cover these groups and ids.
 */
record KafkaFlows(Map<String, Set<String>> topics, Set<String> groups, Set<String> transactionalIds) {

    static final String READ = "Read";
    static final String WRITE = "Write";

    static KafkaFlows of(LumeeImage image, Object settings, String podName) {
        Map<String, Set<String>> topics = new TreeMap<>();
        Set<String> groups = new TreeSet<>();
        Set<String> transactionalIds = new TreeSet<>();
        switch (image) {
            case EDGE_GATEWAY -> {
                grant(topics, WRITE, TopicTable.RAW.name(), TopicTable.AUDIT.name());
                grant(topics, READ, TopicTable.DEVICES.name());
            }
            case STREAM_PROCESSOR -> {
                ProcessorConfig config = (ProcessorConfig) settings;
                grant(topics, READ, TopicTable.RAW.name(), TopicTable.DEVICES.name());
                // every output a configuration may enable: switching one on must not need new ACLs
                grant(topics, WRITE, TopicTable.FHIR_R4.name(), TopicTable.FHIR_R5.name(), TopicTable.HL7V2_ORU.name(),
                        TopicTable.REJECTED.name(), TopicTable.ORPHANS.name(), TopicTable.AUDIT.name());
                groups.add(config.applicationId());
                transactionalIds.add(config.applicationId() + "-00000000-0000-0000-0000-000000000000-0");
            }
            case FHIR_SINK -> {
                FhirSinkConfig config = (FhirSinkConfig) settings;
                for (FhirVersion version : FhirVersion.values()) {
                    grant(topics, READ, version == FhirVersion.R4 ? TopicTable.FHIR_R4.name() : TopicTable.FHIR_R5.name());
                    groups.add(config.groupId(version));
                    transactionalIds.add(config.groupId(version) + "-" + podName);
                }
                grant(topics, WRITE, TopicTable.REJECTED.name());
            }
            case HL7_BRIDGE -> {
                BridgeConfig config = (BridgeConfig) settings;
                grant(topics, READ, TopicTable.HL7V2_ORU.name());
                grant(topics, WRITE, TopicTable.REJECTED.name());
                groups.add(config.groupId());
                transactionalIds.add(config.transactionalId());
            }
            case ARCHIVE_SINK -> {
                ArchiveConfig config = (ArchiveConfig) settings;
                grant(topics, READ, config.topics().toArray(String[]::new));
                groups.add(config.groupId());
            }
            case ADMIN -> {
                // provisioning reads a device's registration and writes the next; dlq replay re-produces
                grant(topics, READ, TopicTable.DEVICES.name(), TopicTable.REJECTED.name());
                grant(topics, WRITE, TopicTable.DEVICES.name(), TopicTable.AUDIT.name(), TopicTable.RAW.name());
            }
        }
        return new KafkaFlows(topics, groups, transactionalIds);
    }

    private static void grant(Map<String, Set<String>> topics, String operation, String... names) {
        for (String name : names) {
            topics.computeIfAbsent(name, topic -> new TreeSet<>()).addAll(List.of(operation, "Describe"));
        }
    }
}
