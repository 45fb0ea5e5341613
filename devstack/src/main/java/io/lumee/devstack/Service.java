package io.lumee.devstack;

/** The suite's services, each a runnable jar of its module. */
enum Service {
    PROCESSOR("stream-processor", "lumee-stream-processor", "io.lumee.processor.Main", "768m"),
    GATEWAY("edge-gateway", "lumee-edge-gateway", "io.lumee.gateway.Main", "256m"),
    FHIR_SINK("fhir-sink", "lumee-fhir-sink", "io.lumee.fhirsink.Main", "384m"),
    HL7_BRIDGE("hl7-bridge", "lumee-hl7-bridge", "io.lumee.hl7bridge.Main", "256m"),
    ARCHIVE_SINK("archive-sink", "lumee-archive-sink", "io.lumee.archive.Main", "384m");

    private final String module;
    private final String jar;
    private final String mainClass;
    private final String heap;

    Service(String module, String jar, String mainClass, String heap) {
        this.module = module;
        this.jar = jar;
        this.mainClass = mainClass;
        this.heap = heap;
    }

    String module() {
        return module;
    }

    String jarName() {
        return jar + ".jar";
    }

    String mainClass() {
        return mainClass;
    }

    String heap() {
        return heap;
    }
}
