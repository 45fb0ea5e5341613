package io.lumee.schemas.topics;

import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.Rejection;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the wire contract with its serdes, built from the registry settings. Keys are UTF-8
 * strings (deviceId, or the patient key for clinical outputs); FHIR bundles are JSON text and HL7 v2
 * messages ER7 text.
 */
public final class Topics {
    private final Topic<String, LumeeReading> raw;
    private final Topic<String, DeviceRegistration> devices;
    private final Topic<String, String> fhirR4;
    private final Topic<String, String> fhirR5;
    private final Topic<String, String> hl7v2Oru;
    private final Topic<String, Rejection> rejected;
    private final Topic<String, LumeeReading> orphans;
    private final Topic<String, AuditRecord> audit;

    private Topics(RegistrySettings registry) {
        Serde<String> text = Serdes.String();
        raw = new Topic<>(TopicTable.RAW, text, AvroSerdes.valueSerde(registry));
        devices = new Topic<>(TopicTable.DEVICES, text, AvroSerdes.valueSerde(registry));
        fhirR4 = new Topic<>(TopicTable.FHIR_R4, text, text);
        fhirR5 = new Topic<>(TopicTable.FHIR_R5, text, text);
        hl7v2Oru = new Topic<>(TopicTable.HL7V2_ORU, text, text);
        rejected = new Topic<>(TopicTable.REJECTED, text, AvroSerdes.valueSerde(registry));
        orphans = new Topic<>(TopicTable.ORPHANS, text, AvroSerdes.valueSerde(registry));
        audit = new Topic<>(TopicTable.AUDIT, text, AvroSerdes.valueSerde(registry));
    }

    public static Topics create(RegistrySettings registry) {
        return new Topics(registry);
    }

    public Topic<String, LumeeReading> raw() {
        return raw;
    }

    public Topic<String, DeviceRegistration> devices() {
        return devices;
    }

    public Topic<String, String> fhirR4() {
        return fhirR4;
    }

    public Topic<String, String> fhirR5() {
        return fhirR5;
    }

    public Topic<String, String> hl7v2Oru() {
        return hl7v2Oru;
    }

    public Topic<String, Rejection> rejected() {
        return rejected;
    }

    /** A log of readings put on hold, not an end state. */
    public Topic<String, LumeeReading> orphans() {
        return orphans;
    }

    public Topic<String, AuditRecord> audit() {
        return audit;
    }
}
