package io.lumee.cli.topics;

import io.lumee.platform.config.DurationText;
import io.lumee.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's overrides of the topic table, parsed from {@code topic=value} and
 * {@code topic:key=value} flags; every bad flag is reported, naming it.
 */
final class TopicOverrides {
    private static final Pattern ASSIGNMENT = Pattern.compile("([^=:]+)=(.+)");
    private static final Pattern CONFIG = Pattern.compile("([^=:]+):([^=]+)=(.*)");

    private final Map<String, Integer> partitions = new HashMap<>();
    private final Map<String, Map<String, String>> configs = new HashMap<>();
    private final List<String> errors = new ArrayList<>();

    private TopicOverrides() {}

    static TopicOverrides parse(Set<String> knownTopics, List<String> partitionFlags, List<String> retentionFlags,
                                List<String> configFlags) {
        TopicOverrides overrides = new TopicOverrides();
        partitionFlags.forEach(flag -> overrides.partition(flag, knownTopics));
        retentionFlags.forEach(flag -> overrides.retention(flag, knownTopics));
        configFlags.forEach(flag -> overrides.config(flag, knownTopics));
        return overrides;
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    DesiredTopic apply(TopicSpec spec, short replicationFactor, int minInsyncReplicas) {
        Map<String, String> merged = new LinkedHashMap<>(spec.configs());
        merged.put("min.insync.replicas", String.valueOf(minInsyncReplicas));
        merged.putAll(configs.getOrDefault(spec.name(), Map.of()));
        return new DesiredTopic(spec.name(), partitions.getOrDefault(spec.name(), spec.partitions()),
                replicationFactor, merged);
    }

    private void partition(String flag, Set<String> knownTopics) {
        Matcher m = ASSIGNMENT.matcher(flag);
        if (!m.matches()) {
            errors.add("--partitions " + flag + ": expected <topic>=<count>");
            return;
        }
        if (!known(m.group(1), "--partitions " + flag, knownTopics)) {
            return;
        }
        try {
            int count = Integer.parseInt(m.group(2));
            if (count < 1) {
                throw new NumberFormatException();
            }
            partitions.put(m.group(1), count);
        } catch (NumberFormatException e) {
            errors.add("--partitions " + flag + ": expected a positive partition count, got \"" + m.group(2) + "\"");
        }
    }

    private void retention(String flag, Set<String> knownTopics) {
        Matcher m = ASSIGNMENT.matcher(flag);
        if (!m.matches()) {
            errors.add("--retention " + flag + ": expected <topic>=<duration> such as 7d, 12h or -1 (forever)");
            return;
        }
        if (!known(m.group(1), "--retention " + flag, knownTopics)) {
            return;
        }
        String value = m.group(2);
        if (value.equals("-1")) {
            configs.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put("retention.ms", "-1");
            return;
        }
        Optional<Duration> duration = DurationText.parse(value);
        if (duration.isEmpty()) {
            errors.add("--retention " + flag + ": expected a duration such as 7d, 12h, 30m, 90s, 500ms or -1, got \""
                    + value + "\"");
            return;
        }
        configs.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put("retention.ms",
                String.valueOf(duration.get().toMillis()));
    }

    private void config(String flag, Set<String> knownTopics) {
        Matcher m = CONFIG.matcher(flag);
        if (!m.matches()) {
            errors.add("--config " + flag + ": expected <topic>:<key>=<value>");
            return;
        }
        if (known(m.group(1), "--config " + flag, knownTopics)) {
            configs.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(m.group(2), m.group(3));
        }
    }

    private boolean known(String topic, String flag, Set<String> knownTopics) {
        if (!knownTopics.contains(topic)) {
            errors.add(flag + ": unknown topic \"" + topic + "\"; known: " + String.join(", ", knownTopics));
            return false;
        }
        return true;
    }
}
