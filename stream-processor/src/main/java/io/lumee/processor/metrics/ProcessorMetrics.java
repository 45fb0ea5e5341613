package io.lumee.processor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The processor's part of DESIGN.md's metrics catalog. Labels never carry a device, reading or patient
 * value. Counters describe this process only: accounting is reconciled from the topics, never from
 * these (they reset when a process dies).
 */
public final class ProcessorMetrics {
    public static final String STAGE = "processor";

    private final MeterRegistry registry;
    private final Counter duplicates;
    private final AtomicLong orphansHeld = new AtomicLong();
    private final DistributionSummary signalQuality;
    private final Timer fromDevice;
    private final Timer fromGateway;
    private final DistributionSummary completeness;
    private final Map<String, Integer> belowCompletenessByTask = new ConcurrentHashMap<>();
    private final double completenessThreshold;

    /** @param completenessThreshold a device whose completeness over an interval is below this is counted */
    public ProcessorMetrics(MeterRegistry registry, double completenessThreshold) {
        this.registry = registry;
        this.completenessThreshold = completenessThreshold;
        duplicates = Counter.builder("lumee_duplicates_total").description("Readings dropped as duplicates")
                .register(registry);
        Gauge.builder("lumee_orphans_held", orphansHeld, AtomicLong::get)
                .description("Readings on hold, waiting for a registration or patient assignment").register(registry);
        signalQuality = DistributionSummary.builder("lumee_signal_quality").description("Signal quality of accepted readings")
                .serviceLevelObjectives(0.5, 0.6, 0.7, 0.8, 0.9, 0.95).register(registry);
        fromDevice = latency("device");
        fromGateway = latency("gateway");
        completeness = DistributionSummary.builder("lumee_completeness_ratio")
                .description("Per device and interval: distinct readings received / sequence span")
                .serviceLevelObjectives(0.5, 0.8, 0.9, 0.95, 0.99, 1.0).register(registry);
        Gauge.builder("lumee_devices_below_completeness", belowCompletenessByTask,
                        tasks -> tasks.values().stream().mapToInt(Integer::intValue).sum())
                .description("Devices whose completeness over the last interval was below the threshold")
                .register(registry);
    }

    /** One task's interval ended with these per-device ratios. */
    public void completeness(String taskId, List<Double> ratios) {
        ratios.forEach(completeness::record);
        belowCompletenessByTask.put(taskId, (int) ratios.stream().filter(r -> r < completenessThreshold).count());
    }

    public void taskClosed(String taskId) {
        belowCompletenessByTask.remove(taskId);
    }

    private Timer latency(String from) {
        return Timer.builder("lumee_latency_seconds").description("Time from device reading or gateway receipt to a stage")
                .tag("from", from).tag("to", STAGE).publishPercentileHistogram().register(registry);
    }

    /** @param stage the rule that decided; @param outcome delivered, rejected, held, released, expired */
    public void reading(String stage, String outcome, String reason) {
        registry.counter("lumee_readings_total", "stage", stage, "outcome", outcome, "reason", reason).increment();
    }

    public void duplicate() {
        duplicates.increment();
        reading("duplicates", "duplicate", "DUPLICATE");
    }

    public void accepted(double quality, Instant deviceTime, Instant receivedAt, Instant now) {
        reading("outputs", "delivered", "none");
        signalQuality.record(quality);
        fromDevice.record(nonNegative(Duration.between(deviceTime, now)));
        fromGateway.record(nonNegative(Duration.between(receivedAt, now)));
    }

    public void heldChanged(long delta) {
        orphansHeld.addAndGet(delta);
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
