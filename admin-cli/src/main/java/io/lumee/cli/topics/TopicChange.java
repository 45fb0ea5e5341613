package io.lumee.cli.topics;

import java.util.Map;

/** One step of a plan, each printed as one line and carried out by {@link KafkaTopics}. */
sealed interface TopicChange {
    String topic();

    String describe();

    record Create(DesiredTopic desired) implements TopicChange {
        public String topic() {
            return desired.name();
        }

        public String describe() {
            return "create " + desired.name() + " (" + desired.partitions() + " partitions, replication "
                    + desired.replicationFactor() + ", " + new java.util.TreeMap<>(desired.configs()) + ")";
        }
    }

    record AddPartitions(String topic, int from, int to) implements TopicChange {
        public String describe() {
            return "add partitions to " + topic + ": " + from + " -> " + to;
        }
    }

    /** Config values to set; the map holds key -> {old, new} for the report. */
    record AlterConfigs(String topic, Map<String, String> set, Map<String, String> previous) implements TopicChange {
        public String describe() {
            StringBuilder line = new StringBuilder("update " + topic + ":");
            new java.util.TreeMap<>(set).forEach((key, value) ->
                    line.append(' ').append(key).append(' ').append(previous.getOrDefault(key, "(default)"))
                            .append(" -> ").append(value));
            return line.toString();
        }
    }

    /** Something we report but do not change (a replication factor needs a reassignment, not this tool). */
    record Notice(String topic, String message) implements TopicChange {
        public String describe() {
            return "note " + topic + ": " + message;
        }
    }
}
