package io.lumee.archive.sink;

import io.lumee.archive.store.ArchiveRange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * DESIGN.md's archive metrics: {@code lumee_archive_objects_total}, {@code lumee_archive_bytes_total} (stored,
 * encrypted bytes), {@code lumee_archive_last_offset{topic,partition}} (the last offset an object covers) and
 * {@code lumee_consumer_lag{group,topic}}. Labels name topics and partitions only, never a record.
 */
public final class ArchiveMetrics {
    private final MeterRegistry registry;
    private final String group;
    private final Counter objects;
    private final Counter bytes;
    private final Map<TopicPartition, AtomicLong> lastOffsets = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();

    public ArchiveMetrics(MeterRegistry registry, String group) {
        this.registry = registry;
        this.group = group;
        this.objects = Counter.builder("lumee.archive.objects").description("Objects written to the archive").register(registry);
        this.bytes = Counter.builder("lumee.archive.bytes").description("Encrypted bytes written to the archive")
                .baseUnit("bytes").register(registry);
    }

    void stored(ArchiveRange range, long objectBytes) {
        objects.increment();
        bytes.increment(objectBytes);
        archivedUpTo(new TopicPartition(range.topic(), range.partition()), range.next());
    }

    /** The archive holds this partition up to, not including, {@code next}. */
    void archivedUpTo(TopicPartition partition, long next) {
        lastOffsets.computeIfAbsent(partition, tp -> {
            AtomicLong value = new AtomicLong(-1);
            Gauge.builder("lumee.archive.last.offset", value, AtomicLong::get)
                    .description("The last offset the archive holds, per partition")
                    .tags("topic", tp.topic(), "partition", Integer.toString(tp.partition()))
                    .register(registry);
            return value;
        }).set(next - 1);
    }

    void lag(String topic, long records) {
        lags.computeIfAbsent(topic, name -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("lumee.consumer.lag", value, AtomicLong::get)
                    .description("Records not yet consumed, summed over the topic's assigned partitions")
                    .tags("group", group, "topic", name)
                    .register(registry);
            return value;
        }).set(records);
    }
}
