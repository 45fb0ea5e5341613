package io.lumee.schemas.topics;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** A topic together with its key and value serdes, so a topic is never used with the wrong serde. */
public record Topic<K, V>(TopicSpec spec, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }

    public String name() {
        return spec.name();
    }
}
