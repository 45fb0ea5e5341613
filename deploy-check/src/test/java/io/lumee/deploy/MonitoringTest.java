package io.lumee.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alerts and the dashboard query only metrics that exist: every lumee_* name is one a service
 * documents (docs/*.md, whose tests hold them to the code), every kafka_* name one Strimzi's Kafka
 * Exporter exposes, and every job one the ServiceMonitor makes (the service's name).
 */
class MonitoringTest {

    private static final Pattern METRIC = Pattern.compile("\\b(lumee|kafka)_[a-z0-9_]+");
    private static final Pattern JOB = Pattern.compile("job=~?\"([^\"]+)\"");
    private static final Set<String> KAFKA_EXPORTER = Set.of("kafka_topic_partition_current_offset", "kafka_consumergroup_lag");
    private static final Set<String> SERVICES = Set.of("edge-gateway", "stream-processor", "fhir-sink", "hl7-bridge", "archive-sink");

    @Test
    void everyAlertAndPanelQueriesAMetricAServiceExposes() {
        List<String> queries = new ArrayList<>(alerts().stream().map(rule -> rule.getExpr().getStrVal()).toList());
        dashboardPanels().forEach(panel -> panel.path("targets").forEach(target -> queries.add(target.path("expr").asText())));
        String documented = documentedMetrics();
        Set<String> unknown = new TreeSet<>();
        Set<String> jobs = new TreeSet<>();
        for (String query : queries) {
            Matcher metric = METRIC.matcher(query);
            while (metric.find()) {
                String name = metric.group();
                String base = name.replaceFirst("_(bucket|sum|count)$", "");
                boolean known = name.startsWith("kafka_") ? KAFKA_EXPORTER.contains(name) : documented.contains("`" + base);
                if (!known) {
                    unknown.add(name);
                }
            }
            Matcher job = JOB.matcher(query);
            while (job.find()) {
                jobs.addAll(List.of(job.group(1).split("\\|")));
            }
        }
        assertThat(queries).isNotEmpty();
        assertThat(unknown).as("metrics no service documents").isEmpty();
        assertThat(SERVICES).as("jobs (the ServiceMonitor's job label is the service's name)").containsAll(jobs);
    }

    @Test
    void theSlosOfTheIssueEachHaveAnAlert() {
        List<String> expressions = alerts().stream().map(rule -> rule.getExpr().getStrVal()).toList();
        assertThat(expressions)
                .anyMatch(expr -> expr.contains("lumee_latency_seconds_bucket") && expr.contains("to=\"fhir\"") && expr.contains("> 5"))
                .anyMatch(expr -> expr.contains("lumee_completeness_ratio") && expr.contains("< 0.99"))
                .anyMatch(expr -> expr.contains("lumee_readings_total") && expr.contains("by (reason)"))
                .anyMatch(expr -> expr.contains("topic=\"lumee.rejected\""))
                .anyMatch(expr -> expr.contains("lumee_consumer_lag"))
                .anyMatch(expr -> expr.contains("kafka_consumergroup_lag"))
                .anyMatch(expr -> expr.contains("lumee_mllp_connection_up"))
                .anyMatch(expr -> expr.contains("job=\"archive-sink\""));
        assertThat(alerts()).allMatch(rule -> rule.getLabels().containsKey("severity") && rule.getAnnotations().containsKey("summary"));
    }

    private static List<Rule> alerts() {
        return KubernetesManifestsTest.ofKind(KubernetesManifestsTest.objects("base"), PrometheusRule.class).stream()
                .flatMap(rules -> rules.getSpec().getGroups().stream()).flatMap(group -> group.getRules().stream())
                .filter(rule -> rule.getAlert() != null).toList();
    }

    private static List<JsonNode> dashboardPanels() {
        try {
            JsonNode dashboard = new ObjectMapper().readTree(Repository.path("k8s/base/monitoring/lumee-dashboard.json").toFile());
            List<JsonNode> panels = new ArrayList<>();
            dashboard.path("panels").forEach(panels::add);
            return panels;
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static String documentedMetrics() {
        try (Stream<Path> docs = Files.list(Repository.path("docs"))) {
            StringBuilder text = new StringBuilder();
            for (Path doc : docs.filter(path -> path.toString().endsWith(".md") && !path.endsWith("OPERATIONS.md")).toList()) {
                text.append(Files.readString(doc));
            }
            return text.toString();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
