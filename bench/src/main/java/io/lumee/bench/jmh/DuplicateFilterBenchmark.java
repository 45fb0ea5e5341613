package io.lumee.bench.jmh;

import io.lumee.processor.dedup.DuplicateFilter;
import io.lumee.processor.dedup.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The processor's duplicate step for one reading, as the router runs it on a new reading: is it a
 * duplicate, then remember it as delivered. The device's history holds {@code gaps} runs (a device with
 * dropouts: each dropout splits a run), so the cost of decoding and re-encoding it shows. The store is
 * Kafka Streams' in-memory one, so this is the filter's own cost, not RocksDB's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DuplicateFilterBenchmark {
    @Param({"1", "100", "1000"})
    public int gaps;

    private DuplicateFilter filter;
    private long sequence;
    private final Instant start = Instant.parse("2026-01-18T00:00:00Z");

    @Setup(Level.Iteration)
    public void setUp() {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("dedup"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        filter = new DuplicateFilter(store, Duration.ofDays(7), 10_000);
        sequence = 0;
        for (int gap = 0; gap < gaps; gap++) {
            remember(sequence);
            sequence += 2; // one reading missing: a new run
        }
    }

    @Benchmark
    public boolean newReading() {
        long s = sequence++;
        boolean duplicate = filter.isDuplicate(Fixtures.DEVICE, 7, s, DuplicateFilter.Arrival.NEW);
        remember(s);
        return duplicate;
    }

    private void remember(long s) {
        Instant deviceTime = start.plusMillis(s * 1000);
        filter.remember(Fixtures.DEVICE, 7, s, Outcome.DELIVERED, deviceTime, deviceTime.plusMillis(100));
    }
}
