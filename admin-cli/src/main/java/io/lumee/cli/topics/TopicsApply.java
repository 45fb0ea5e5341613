package io.lumee.cli.topics;

import io.lumee.cli.AdminCli;
import io.lumee.platform.config.ConfigException;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.DurationText;
import io.lumee.platform.kafka.KafkaSettings;
import io.lumee.platform.logging.LogLevels;
import io.lumee.schemas.topics.TopicSpec;
import io.lumee.schemas.topics.TopicTable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.event.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code topics apply}: creates or updates every topic of the wire contract, idempotently. Connection
 * settings come from the same {@code LUMEE_KAFKA_*} variables the services read.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Create or update every topic of the wire contract (partitions, replication, min.insync, "
                + "retention, compaction). Running it again changes nothing. Kafka connection settings come from "
                + "the LUMEE_KAFKA_* environment variables the services read.")
public final class TopicsApply implements Callable<Integer> {
    private static final Set<String> CO_PARTITIONED =
            TopicTable.CO_PARTITIONED.stream().map(TopicSpec::name).collect(Collectors.toSet());

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: LUMEE_KAFKA_BOOTSTRAP, else 127.0.0.1:9092).")
    private String bootstrap;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replicas per partition for new topics (default: 3, or the broker count if smaller).")
    private Short replicationFactor;

    @Option(names = "--min-insync-replicas", paramLabel = "N",
            description = "min.insync.replicas (default: replication factor - 1, at least 1).")
    private Integer minInsyncReplicas;

    @Option(names = "--partitions", paramLabel = "TOPIC=N", description = "Partition count for a topic.")
    private List<String> partitions = List.of();

    @Option(names = "--retention", paramLabel = "TOPIC=DURATION",
            description = "retention.ms for a topic, as 7d, 12h, 30m or -1 (forever).")
    private List<String> retentions = List.of();

    @Option(names = "--config", paramLabel = "TOPIC:KEY=VALUE", description = "Any other topic config.")
    private List<String> configs = List.of();

    @Option(names = "--migrate",
            description = "Allow changing the partition count of lumee.raw and lumee.devices (moves devices between "
                    + "partitions and strands their processor state).")
    private boolean migrate;

    @Option(names = "--dry-run", description = "Print the plan, change nothing.")
    private boolean dryRun;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for each Kafka request (default: ${DEFAULT-VALUE}).")
    private String timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Our lines are the report; the admin client's retries would only repeat them.
        new LogLevels(Level.WARN, Level.ERROR).apply();

        Set<String> known = TopicTable.ALL.stream().map(TopicSpec::name).collect(Collectors.toCollection(LinkedHashSet::new));
        TopicOverrides overrides = TopicOverrides.parse(known, partitions, retentions, configs);
        List<String> usageErrors = new ArrayList<>(overrides.errors());
        Duration requestTimeout = DurationText.parse(timeout).orElse(null);
        if (requestTimeout == null) {
            usageErrors.add("--timeout " + timeout + ": expected a duration such as 30s or 2m");
        }
        if (!usageErrors.isEmpty()) {
            usageErrors.forEach(err::println);
            return AdminCli.EXIT_REFUSED;
        }
        KafkaSettings kafka;
        try {
            kafka = kafkaSettings();
        } catch (ConfigException e) {
            e.errors().forEach(err::println);
            return AdminCli.EXIT_REFUSED;
        }

        Map<String, Object> adminProperties = new HashMap<>(kafka.adminProperties());
        // bound every call, and the close, by --timeout rather than the client's 60 s default
        adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
        adminProperties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
        Admin admin = Admin.create(adminProperties);
        try {
            KafkaTopics cluster = new KafkaTopics(admin, requestTimeout);
            short replicas = replicationFactor != null ? replicationFactor
                    : (short) Math.min(3, cluster.brokerCount());
            int minInsync = minInsyncReplicas != null ? minInsyncReplicas : Math.max(1, replicas - 1);
            if (minInsync > replicas) {
                err.println("--min-insync-replicas " + minInsync + " exceeds the replication factor " + replicas
                        + ": no write could ever succeed");
                return AdminCli.EXIT_REFUSED;
            }
            List<DesiredTopic> desired = TopicTable.ALL.stream()
                    .map(topic -> overrides.apply(topic, replicas, minInsync)).toList();
            Set<String> managedKeys = new HashSet<>();
            desired.forEach(topic -> managedKeys.addAll(topic.configs().keySet()));
            Map<String, ExistingTopic> existing = cluster.describe(known, managedKeys);

            TopicPlan plan = TopicPlan.of(desired, existing, CO_PARTITIONED, migrate);
            if (plan.refused()) {
                plan.refusals().forEach(line -> err.println("refused: " + line));
                err.println("nothing was changed");
                return AdminCli.EXIT_REFUSED;
            }
            Set<String> touched = new HashSet<>();
            for (TopicChange change : plan.changes()) {
                out.println((dryRun ? "would " : "") + change.describe());
                if (!dryRun) {
                    cluster.apply(change);
                }
                if (!(change instanceof TopicChange.Notice)) {
                    touched.add(change.topic());
                }
            }
            if (!dryRun && !touched.isEmpty()) {
                cluster.awaitVisible(desired);
            }
            known.stream().filter(name -> !touched.contains(name)).forEach(name -> out.println("unchanged " + name));
            out.println((dryRun ? "dry run: " : "") + touched.size() + " of " + known.size() + " topics "
                    + (dryRun ? "would change" : "changed"));
            return 0;
        } catch (TimeoutException e) {
            err.println("Kafka at " + kafka.bootstrap().stream().map(Object::toString).collect(Collectors.joining(","))
                    + " did not answer within " + timeout);
            return AdminCli.EXIT_FAILED;
        } catch (ExecutionException e) {
            err.println("Kafka refused the request: " + e.getCause().getMessage());
            return AdminCli.EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return AdminCli.EXIT_FAILED;
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private KafkaSettings kafkaSettings() {
        Map<String, String> environment = new HashMap<>(AdminCli.environment(spec));
        if (bootstrap != null) {
            environment.put("LUMEE_KAFKA_BOOTSTRAP", bootstrap);
        }
        ConfigReader config = new ConfigReader(environment);
        KafkaSettings settings = KafkaSettings.from(config);
        config.requireValid();
        return settings;
    }
}
