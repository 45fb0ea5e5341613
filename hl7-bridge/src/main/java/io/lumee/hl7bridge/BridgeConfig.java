package io.lumee.hl7bridge;

import io.lumee.hl7bridge.delivery.AckPolicy;
import io.lumee.hl7bridge.delivery.Backoff;
import io.lumee.hl7bridge.delivery.DeliveryRules;
import io.lumee.hl7bridge.kafka.Hl7Bridge;
import io.lumee.hl7bridge.routing.DestinationRouter;
import io.lumee.hl7bridge.routing.MllpDestination;
import io.lumee.hl7bridge.routing.Transport;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.HostPort;
import io.lumee.platform.kafka.KafkaSettings;
import io.lumee.platform.registry.RegistryEndpoint;
import io.lumee.platform.tls.TlsSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The hl7-bridge's settings, each a {@code LUMEE_*} variable with a default; {@code docs/hl7-bridge.md}
 * lists them all. Destinations are named in {@code LUMEE_HL7_DESTINATIONS} and each is configured under
 * {@code LUMEE_HL7_DEST_<NAME>_*}, the name upper-cased with dashes as underscores.
 */
public record BridgeConfig(
        KafkaSettings kafka,
        RegistryEndpoint registry,
        String groupId,
        String transactionalId,
        int lanes,
        int maxInFlight,
        Duration commitInterval,
        Duration connectTimeout,
        DeliveryRules delivery,
        List<MllpDestination> destinations,
        String defaultDestination) {

    public static final String DESTINATION_PREFIX = "LUMEE_HL7_DEST_";

    public BridgeConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registry, "registry");
        destinations = List.copyOf(destinations);
    }

    public static BridgeConfig from(ConfigReader config) {
        KafkaSettings kafka = KafkaSettings.from(config);
        RegistryEndpoint registry = RegistryEndpoint.from(config);
        String groupId = config.string("LUMEE_HL7_GROUP_ID", "lumee-hl7-bridge");
        // unique per instance: with the consumer group's generation fencing zombies (KIP-447), the id
        // only needs to be stable across restarts of one instance, so a restart aborts its own open transaction
        String transactionalId = config.string("LUMEE_HL7_TRANSACTIONAL_ID", "lumee-hl7-bridge-" + hostName());
        int lanes = config.intValue("LUMEE_HL7_LANES", 8, 1, 256);
        int maxInFlight = config.intValue("LUMEE_HL7_MAX_IN_FLIGHT", 1000, 1, 100_000);
        Duration commitInterval = config.duration("LUMEE_HL7_COMMIT_INTERVAL", "1s");
        Duration connectTimeout = config.duration("LUMEE_HL7_CONNECT_TIMEOUT", "10s");
        Duration ackTimeout = config.duration("LUMEE_HL7_ACK_TIMEOUT", "30s");
        Duration backoffInitial = config.duration("LUMEE_HL7_RETRY_BACKOFF", "1s");
        Duration backoffMax = config.duration("LUMEE_HL7_RETRY_BACKOFF_MAX", "1m");
        if (backoffMax.compareTo(backoffInitial) < 0) {
            config.reject("LUMEE_HL7_RETRY_BACKOFF_MAX", "at least LUMEE_HL7_RETRY_BACKOFF", ConfigReader.quote(backoffMax.toString()));
            backoffMax = backoffInitial;
        }
        int maxRetries = config.intValue("LUMEE_HL7_MAX_RETRIES", 5, 0, 1000);
        String policyText = config.string("LUMEE_HL7_ACK_POLICY", AckPolicy.DEFAULT_TEXT);
        AckPolicy policy = AckPolicy.parse(policyText).orElseGet(() -> {
            config.reject("LUMEE_HL7_ACK_POLICY", "CODE=done|reject|retry pairs for AA, AE, AR, CA, CE, CR, comma-separated",
                    ConfigReader.quote(policyText));
            return AckPolicy.defaults();
        });
        List<String> names = destinationNames(config);
        List<MllpDestination> destinations = names.stream().map(name -> destination(config, name))
                .flatMap(Optional::stream).toList();
        String defaultDestination = config.string("LUMEE_HL7_DEFAULT_DESTINATION", names.isEmpty() ? "ehr" : names.get(0));
        if (!names.contains(defaultDestination)) {
            config.reject("LUMEE_HL7_DEFAULT_DESTINATION", "one of LUMEE_HL7_DESTINATIONS", ConfigReader.quote(defaultDestination));
        }
        return new BridgeConfig(kafka, registry, groupId, transactionalId, lanes, maxInFlight, commitInterval, connectTimeout,
                new DeliveryRules(policy, new Backoff(backoffInitial, backoffMax), maxRetries, ackTimeout),
                destinations, defaultDestination);
    }

    public DestinationRouter router() {
        return new DestinationRouter(destinations, defaultDestination);
    }

    /**
     * Giving up partitions waits for the lanes at most as long as one attempt can take, so an exchange
     * cut short by its connection's close, or one that ends on its own, is always awaited.
     */
    public Hl7Bridge.Settings bridgeSettings() {
        return new Hl7Bridge.Settings(groupId, maxInFlight, commitInterval,
                connectTimeout.multipliedBy(2).plus(delivery.ackTimeout()));
    }

    /** The variable prefix of a destination: {@code LUMEE_HL7_DEST_<NAME>}. */
    public static String prefixOf(String destination) {
        return DESTINATION_PREFIX + destination.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static List<String> destinationNames(ConfigReader config) {
        List<String> names = new ArrayList<>();
        for (String name : config.list("LUMEE_HL7_DESTINATIONS", "ehr")) {
            if (!MllpDestination.NAME.matcher(name).matches() || names.contains(name)) {
                config.reject("LUMEE_HL7_DESTINATIONS", "distinct names of 1-32 lower-case letters, digits and dashes",
                        ConfigReader.quote(name));
            } else {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            config.reject("LUMEE_HL7_DESTINATIONS", "at least one destination name", "nothing");
        }
        return names;
    }

    private static Optional<MllpDestination> destination(ConfigReader config, String name) {
        String prefix = prefixOf(name);
        HostPort address = config.hostPort(prefix + "_ADDRESS", "127.0.0.1:2575");
        Transport transport = config.enumValue(prefix + "_TRANSPORT", Transport.MTLS);
        Set<String> facilities = Set.copyOf(config.list(prefix + "_FACILITIES", ""));
        Set<String> applications = Set.copyOf(config.list(prefix + "_APPLICATIONS", ""));
        Optional<TlsSettings> tls = Optional.empty();
        if (transport.encrypted()) {
            tls = Optional.of(TlsSettings.client(config, prefix + "_TLS"));
            if (transport == Transport.MTLS && tls.get().keyStore().isEmpty()) {
                config.reject(prefix + "_TLS_KEYSTORE_FILE",
                        "a client certificate key store (transport MTLS; " + prefix + "_TRANSPORT=TLS for server-only TLS)", "nothing");
                return Optional.empty();
            }
        }
        return Optional.of(new MllpDestination(name, address, transport, tls, facilities, applications));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unnamed) {
            return UUID.randomUUID().toString();
        }
    }
}
