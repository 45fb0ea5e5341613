package io.lumee.deploy;

import io.lumee.archive.ArchiveConfig;
import io.lumee.archive.read.ArchiveAccess;
import io.lumee.archive.verify.MasterSecretFiles;
import io.lumee.fhirsink.FhirSinkConfig;
import io.lumee.gateway.GatewayConfig;
import io.lumee.hl7bridge.BridgeConfig;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.kafka.KafkaSettings;
import io.lumee.platform.logging.LogLevels;
import io.lumee.platform.management.ManagementSettings;
import io.lumee.platform.patient.PatientKey;
import io.lumee.platform.registry.RegistryEndpoint;
import io.lumee.platform.shutdown.GracefulShutdown;
import io.lumee.processor.ProcessorConfig;
import java.util.Arrays;
import java.util.Optional;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Each image and how its program reads its settings: the service's own config reader, the very code
 * its {@code Main} runs, so the check cannot drift from what the service accepts.
 */
enum LumeeImage {
    EDGE_GATEWAY("edge-gateway", (config, environment) -> GatewayConfig.from(config)),
    STREAM_PROCESSOR("stream-processor", (config, environment) -> ProcessorConfig.from(config)),
    FHIR_SINK("fhir-sink", (config, environment) -> FhirSinkConfig.from(config)),
    HL7_BRIDGE("hl7-bridge", (config, environment) -> BridgeConfig.from(config)),
    ARCHIVE_SINK("archive-sink", (config, environment) -> ArchiveConfig.from(config)),
    /**
     * The operator CLI: what its commands read (docs/operations-cli.md). Kafka, the registry and the
     * patient key for the pipeline commands; the archive settings and master secrets for
     * {@code archive verify}/{@code export}, wherever the archive is configured at all.
     */
    ADMIN("admin", LumeeImage::readAdmin);

    private final String name;
    private final BiFunction<ConfigReader, Map<String, String>, Object> read;

    LumeeImage(String name, BiFunction<ConfigReader, Map<String, String>, Object> read) {
        this.name = name;
        this.read = read;
    }

    String imageName() {
        return name;
    }

    boolean isService() {
        return this != ADMIN;
    }

    /** The image a reference such as {@code registry.example.org/lumee/fhir-sink:0.1.0} names, if it is ours. */
    static Optional<LumeeImage> of(String image) {
        String repository = image.replaceFirst("[:@].*$", "");
        String last = repository.substring(repository.lastIndexOf('/') + 1);
        boolean ours = repository.equals("lumee/" + last) || repository.endsWith("/lumee/" + last);
        return Arrays.stream(values()).filter(candidate -> ours && candidate.name.equals(last)).findFirst();
    }

    /** What the program made of an environment: its settings object and the reader's verdict. */
    record Read(Object settings, ConfigReader config) {}

    /** Reads the settings as the program does at start; for a service, with the platform's own (as ServiceRuntime does). */
    Read read(Map<String, String> environment) {
        ConfigReader config = new ConfigReader(environment);
        Object settings = read.apply(config, environment);
        if (isService()) {
            ManagementSettings.from(config);
            LogLevels.from(config);
            GracefulShutdown.from(config);
        }
        return new Read(settings, config);
    }

    private static Object readAdmin(ConfigReader config, Map<String, String> environment) {
        KafkaSettings kafka = KafkaSettings.from(config);
        RegistryEndpoint.from(config);
        config.optionalSecret(PatientKey.KEY_FILE_VARIABLE);
        if (environment.keySet().stream().anyMatch(name -> name.startsWith("LUMEE_ARCHIVE_"))) {
            ArchiveAccess.from(config);
            MasterSecretFiles.from(config, false);
        }
        return kafka;
    }
}
