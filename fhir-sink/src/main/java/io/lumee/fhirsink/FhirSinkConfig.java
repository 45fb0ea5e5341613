package io.lumee.fhirsink;

import io.lumee.fhirsink.delivery.RetryPolicy;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.kafka.KafkaSettings;
import io.lumee.platform.registry.RegistryEndpoint;
import io.lumee.platform.tls.TlsSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fhir-sink's settings, each a {@code LUMEE_*} variable with a default that works in the embedded
 * stack; {@code docs/fhir-sink.md} lists them all (and a test holds the two together).
 *
 * @param baseUrls the FHIR server of each version drained; the versions are the keys
 * @param maxEntries the most entries in one merged transaction
 * @param lanes concurrent transactions per version
 * @param groupId consumer group prefix: each version's group is {@code <groupId>-r4} / {@code -r5}
 * @param instanceId this instance's stable name: static group membership ({@code group.instance.id})
 *     and the transactional id, so a restarted instance takes its partitions back at once and fences
 *     its own unfinished Kafka transaction
 */
public record FhirSinkConfig(
        KafkaSettings kafka,
        RegistryEndpoint registry,
        Map<FhirVersion, URI> baseUrls,
        Auth auth,
        TlsSettings tls,
        int maxEntries,
        int lanes,
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retry,
        String groupId,
        String instanceId) {

    /** How the sink authenticates to the FHIR server. */
    public sealed interface Auth {
        record None() implements Auth {}

        /** A bearer token kept in a file, read again when it changes. */
        record BearerFile(Path file) implements Auth {}

        /** OAuth2 client credentials; the secret in a file. */
        record ClientCredentials(URI tokenUrl, String clientId, Path secretFile, Optional<String> scope) implements Auth {}
    }

    public enum AuthMode { NONE, BEARER, CLIENT_CREDENTIALS }

    public FhirSinkConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registry, "registry");
        baseUrls = Map.copyOf(baseUrls);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(instanceId, "instanceId");
    }

    public static FhirSinkConfig from(ConfigReader config) {
        KafkaSettings kafka = KafkaSettings.from(config);
        RegistryEndpoint registry = RegistryEndpoint.from(config);
        Map<FhirVersion, URI> baseUrls = new LinkedHashMap<>();
        for (FhirVersion version : versions(config)) {
            String name = "LUMEE_FHIR_" + version.name() + "_BASE_URL";
            baseUrls.put(version, httpUrl(config, name, config.string(name, "http://127.0.0.1:" + defaultPort(version) + "/fhir")));
        }
        return new FhirSinkConfig(
                kafka,
                registry,
                baseUrls,
                auth(config),
                TlsSettings.client(config, "LUMEE_FHIR_TLS"),
                config.intValue("LUMEE_FHIR_MAX_ENTRIES", 150, 1, 10_000),
                config.intValue("LUMEE_FHIR_PARALLEL_REQUESTS", 2, 1, 32),
                config.duration("LUMEE_FHIR_CONNECT_TIMEOUT", "5s"),
                config.duration("LUMEE_FHIR_REQUEST_TIMEOUT", "60s"),
                retry(config),
                config.string("LUMEE_FHIR_SINK_GROUP_ID", "lumee-fhir-sink"),
                config.string("LUMEE_FHIR_SINK_INSTANCE_ID", hostName()));
    }

    public List<FhirVersion> versions() {
        return List.copyOf(baseUrls.keySet());
    }

    /** The version's consumer group, e.g. {@code lumee-fhir-sink-r4}. */
    public String groupId(FhirVersion version) {
        return groupId + "-" + version.lowerCase();
    }

    private static int defaultPort(FhirVersion version) {
        return version == FhirVersion.R4 ? 8090 : 8091;
    }

    private static List<FhirVersion> versions(ConfigReader config) {
        List<FhirVersion> versions = new ArrayList<>();
        for (String item : config.list("LUMEE_FHIR_VERSIONS", "R4")) {
            try {
                FhirVersion version = FhirVersion.valueOf(item.toUpperCase(Locale.ROOT));
                if (!versions.contains(version)) {
                    versions.add(version);
                }
            } catch (IllegalArgumentException unknown) {
                config.reject("LUMEE_FHIR_VERSIONS", "R4 and/or R5", ConfigReader.quote(item));
            }
        }
        if (versions.isEmpty()) {
            config.reject("LUMEE_FHIR_VERSIONS", "R4 and/or R5", "nothing");
            versions.add(FhirVersion.R4);
        }
        return versions;
    }

    private static Auth auth(ConfigReader config) {
        return switch (config.enumValue("LUMEE_FHIR_AUTH", AuthMode.NONE)) {
            case NONE -> new Auth.None();
            case BEARER -> new Auth.BearerFile(config.readableFile("LUMEE_FHIR_BEARER_TOKEN_FILE"));
            case CLIENT_CREDENTIALS -> new Auth.ClientCredentials(
                    httpUrl(config, "LUMEE_FHIR_OAUTH_TOKEN_URL", requiredText(config, "LUMEE_FHIR_OAUTH_TOKEN_URL")),
                    requiredText(config, "LUMEE_FHIR_OAUTH_CLIENT_ID"),
                    config.readableFile("LUMEE_FHIR_OAUTH_CLIENT_SECRET_FILE"),
                    config.optionalString("LUMEE_FHIR_OAUTH_SCOPE"));
        };
    }

    private static RetryPolicy retry(ConfigReader config) {
        Duration initial = config.duration("LUMEE_FHIR_RETRY_INITIAL_DELAY", "500ms");
        Duration max = config.duration("LUMEE_FHIR_RETRY_MAX_DELAY", "60s");
        if (max.compareTo(initial) < 0) {
            config.reject("LUMEE_FHIR_RETRY_MAX_DELAY", "at least LUMEE_FHIR_RETRY_INITIAL_DELAY", ConfigReader.quote(max.toString()));
            return new RetryPolicy(initial, initial);
        }
        return new RetryPolicy(initial, max);
    }

    private static URI httpUrl(ConfigReader config, String name, String value) {
        if (value.isEmpty()) {
            return URI.create("http://invalid");
        }
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException notAUri) {
            // reported below
        }
        config.reject(name, "an http:// or https:// URL", ConfigReader.quote(value));
        return URI.create("http://invalid");
    }

    private static String requiredText(ConfigReader config, String name) {
        Optional<String> value = config.optionalString(name);
        if (value.isEmpty()) {
            config.reject(name, "a value", "nothing (it is required)");
        }
        return value.orElse("");
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return "fhir-sink";
        }
    }
}
