package io.lumee.processor;

import io.lumee.clinical.AssigningAuthority;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.SubjectMode;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.Secret;
import io.lumee.platform.kafka.KafkaSettings;
import io.lumee.platform.registry.RegistryEndpoint;
import io.lumee.processor.outputs.OutputKind;
import io.lumee.processor.plausibility.ClockSkewPolicy;
import io.lumee.processor.plausibility.PlausibilityRules;
import io.lumee.processor.units.PressureUnit;
import io.lumee.protocol.MasterSecret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The stream-processor's settings, each a {@code LUMEE_*} variable with a default that works in the
 * embedded stack; {@code docs/stream-processor.md} lists them all.
 */
public record ProcessorConfig(
        KafkaSettings kafka,
        RegistryEndpoint registry,
        String applicationId,
        Path stateDir,
        int streamThreads,
        int standbyReplicas,
        List<MasterSecretFile> masterSecrets,
        Secret patientKey,
        Duration duplicateWindow,
        int maxRunsPerDevice,
        PressureUnit pressureUnit,
        Duration maxClockSkew,
        ClockSkewPolicy clockSkewPolicy,
        double lowQualityBelow,
        boolean consentRequired,
        Duration orphanHold,
        Duration orphanCheckInterval,
        Duration completenessInterval,
        double completenessThreshold,
        Set<OutputKind> outputs,
        MappingConfig mapping) {

    /** One master-secret version and the file holding it (base64 of 32 bytes). */
    public record MasterSecretFile(int version, Path file) {
        public MasterSecret load() {
            return MasterSecret.load(version, file);
        }
    }

    public static final String VERSION = versionOf(ProcessorConfig.class);

    public static ProcessorConfig from(ConfigReader config) {
        return new ProcessorConfig(
                KafkaSettings.from(config),
                RegistryEndpoint.from(config),
                config.string("LUMEE_PROCESSOR_APPLICATION_ID", "lumee-stream-processor"),
                Path.of(config.string("LUMEE_PROCESSOR_STATE_DIR", System.getProperty("java.io.tmpdir") + "/lumee-streams")),
                config.intValue("LUMEE_PROCESSOR_THREADS", 1, 1, 64),
                config.intValue("LUMEE_PROCESSOR_STANDBY_REPLICAS", 0, 0, 8),
                masterSecretFiles(config),
                config.secret("LUMEE_PATIENT_KEY_FILE"),
                config.duration("LUMEE_DUPLICATE_WINDOW", "7d"),
                config.intValue("LUMEE_DEDUP_MAX_RUNS_PER_DEVICE", 10_000, 16, 1_000_000),
                config.enumValue("LUMEE_PRESSURE_UNIT", PressureUnit.MM_HG),
                config.duration("LUMEE_MAX_CLOCK_SKEW", "5m"),
                config.enumValue("LUMEE_CLOCK_SKEW_POLICY", ClockSkewPolicy.REJECT),
                fraction(config, "LUMEE_LOW_QUALITY_BELOW", 0.7),
                config.booleanValue("LUMEE_CONSENT_REQUIRED", false),
                config.duration("LUMEE_ORPHAN_HOLD", "24h"),
                config.duration("LUMEE_ORPHAN_CHECK_INTERVAL", "1m"),
                config.duration("LUMEE_COMPLETENESS_INTERVAL", "5m"),
                fraction(config, "LUMEE_COMPLETENESS_BELOW", 0.95),
                outputs(config),
                mapping(config));
    }

    public PlausibilityRules plausibility() {
        PlausibilityRules defaults = PlausibilityRules.defaults();
        return new PlausibilityRules(defaults.ranges(), maxClockSkew, clockSkewPolicy, lowQualityBelow);
    }

    /** {@code LUMEE_MASTER_SECRET_FILES}: {@code <version>=<file>[,<version>=<file>]}; two during a rotation. */
    private static List<MasterSecretFile> masterSecretFiles(ConfigReader config) {
        String name = "LUMEE_MASTER_SECRET_FILES";
        List<MasterSecretFile> files = new ArrayList<>();
        for (String entry : config.list(name, "")) {
            String[] parts = entry.split("=", 2);
            try {
                int version = Integer.parseInt(parts[0].trim());
                Path file = Path.of(parts[1].trim());
                if (version < 1 || !java.nio.file.Files.isReadable(file)) {
                    throw new IllegalArgumentException();
                }
                files.add(new MasterSecretFile(version, file));
            } catch (RuntimeException bad) {
                config.reject(name, "<version>=<readable file> with version >= 1", ConfigReader.quote(entry));
            }
        }
        if (files.isEmpty()) {
            config.reject(name, "at least one <version>=<file> (HS256 devices cannot be verified without one)", "nothing");
        }
        return files;
    }

    private static double fraction(ConfigReader config, String name, double defaultValue) {
        String raw = config.string(name, String.valueOf(defaultValue));
        try {
            double value = Double.parseDouble(raw);
            if (value >= 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        config.reject(name, "a number in [0, 1]", ConfigReader.quote(raw));
        return defaultValue;
    }

    /** {@code LUMEE_OUTPUTS}: any of fhir-r4, fhir-r5, hl7v2. */
    private static Set<OutputKind> outputs(ConfigReader config) {
        String name = "LUMEE_OUTPUTS";
        Set<OutputKind> outputs = EnumSet.noneOf(OutputKind.class);
        for (String item : config.list(name, "fhir-r4,hl7v2")) {
            try {
                outputs.add(OutputKind.valueOf(item.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException unknown) {
                config.reject(name, "a list of fhir-r4, fhir-r5, hl7v2", ConfigReader.quote(item));
            }
        }
        if (outputs.isEmpty()) {
            outputs.add(OutputKind.FHIR_R4);
        }
        return outputs;
    }

    private static MappingConfig mapping(ConfigReader config) {
        Map<String, AssigningAuthority> authorities = new LinkedHashMap<>();
        // LUMEE_HL7_ASSIGNING_AUTHORITIES: <FHIR identifier system>=<PID-3.4 namespace>, for MRNs
        for (String entry : config.list("LUMEE_HL7_ASSIGNING_AUTHORITIES", "")) {
            int split = entry.lastIndexOf('=');
            if (split <= 0 || split == entry.length() - 1) {
                config.reject("LUMEE_HL7_ASSIGNING_AUTHORITIES", "<identifier system>=<namespace>", ConfigReader.quote(entry));
                continue;
            }
            authorities.put(entry.substring(0, split), AssigningAuthority.medicalRecordNumbers(entry.substring(split + 1)));
        }
        MappingConfig.Builder builder = MappingConfig.builder(VERSION, "1")
                .subjectMode(config.enumValue("LUMEE_FHIR_SUBJECT_MODE", SubjectMode.LOOKUP))
                .codeSystemUrl(config.string("LUMEE_FHIR_CODE_SYSTEM_URL", MappingConfig.LUMEE_CODE_SYSTEM))
                .sendingApplication(config.string("LUMEE_HL7_SENDING_APPLICATION", "LUMEE"))
                .sendingFacility(config.string("LUMEE_HL7_SENDING_FACILITY", "LUMEE"))
                .receivingApplication(config.string("LUMEE_HL7_RECEIVING_APPLICATION", "EHR"))
                .processingId(config.string("LUMEE_HL7_PROCESSING_ID", "P"))
                .assigningAuthorities(authorities);
        try {
            return builder.build();
        } catch (IllegalArgumentException invalid) {
            config.reject("LUMEE_FHIR_*/LUMEE_HL7_*", "a valid mapping", invalid.getMessage());
            return MappingConfig.defaults(VERSION, "1");
        }
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
