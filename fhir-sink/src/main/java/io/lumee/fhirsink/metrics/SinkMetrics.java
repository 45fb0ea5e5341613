package io.lumee.fhirsink.metrics;

import io.lumee.platform.kafka.ReadingHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * One sink's part of DESIGN.md's metrics catalog ({@code sink} is {@code fhir-r4} or {@code fhir-r5}):
 * requests by status, retries, latency from device time and from gateway receipt to the FHIR server's
 * answer, and consumer lag. No label carries a device, reading or patient value.
 */
public final class SinkMetrics {
    private final MeterRegistry registry;
    private final String sink;
    private final Counter retries;
    private final Timer fromDevice;
    private final Timer fromGateway;

    public SinkMetrics(MeterRegistry registry, String sink) {
        this.registry = registry;
        this.sink = sink;
        retries = Counter.builder("lumee_sink_retries_total").description("Transactions tried again after the server could not take them")
                .tag("sink", sink).register(registry);
        fromDevice = latency("device");
        fromGateway = latency("gateway");
    }

    public String sink() {
        return sink;
    }

    /** @param status the HTTP status, or {@code io} (no answer) or {@code token} (no token to send) */
    public void request(String status) {
        Counter.builder("lumee_sink_requests_total").description("Transactions posted to the FHIR server, by answer")
                .tag("sink", sink).tag("status", status).register(registry).increment();
    }

    public void retry() {
        retries.increment();
    }

    /** A reading stored at {@code now}: its latency from the device's clock and from gateway receipt. */
    public void stored(ReadingHeaders headers, Instant now) {
        record(fromDevice, headers.deviceTime(), now);
        record(fromGateway, headers.receivedAt(), now);
    }

    /** {@code lumee_consumer_lag{group,topic}}: records behind the end of the topic, over the assigned partitions. */
    public void lag(String group, String topic, Supplier<Number> lag) {
        Gauge.builder("lumee_consumer_lag", lag).description("Records not yet consumed, summed over assigned partitions")
                .tag("group", group).tag("topic", topic).register(registry);
    }

    private static void record(Timer timer, Instant from, Instant now) {
        Duration latency = Duration.between(from, now);
        // a device clock ahead of ours would make a negative latency; it says nothing about the pipeline
        if (!latency.isNegative()) {
            timer.record(latency);
        }
    }

    private Timer latency(String from) {
        return Timer.builder("lumee_latency_seconds").description("Time from device reading or gateway receipt to a stage")
                .tag("from", from).tag("to", "fhir").publishPercentileHistogram().register(registry);
    }
}
