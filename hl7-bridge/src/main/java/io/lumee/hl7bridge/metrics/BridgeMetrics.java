package io.lumee.hl7bridge.metrics;

import io.lumee.hl7bridge.mllp.AckCode;
import io.lumee.hl7bridge.mllp.MllpConnector;
import io.lumee.platform.kafka.ReadingHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bridge's part of DESIGN.md's metrics catalog: {@code lumee_mllp_acks_total{destination,code}},
 * {@code lumee_mllp_ack_latency_seconds{destination}}, {@code lumee_mllp_connection_up{destination}},
 * {@code lumee_sink_requests_total{sink="hl7",status}}, {@code lumee_sink_retries_total{sink="hl7"}},
 * {@code lumee_readings_total{stage="hl7-bridge",outcome,reason}},
 * {@code lumee_latency_seconds{from="device"|"gateway",to="hl7"}} and
 * {@code lumee_consumer_lag{group,topic}}. Labels take configured destination names and fixed words,
 * never a patient, device or reading value. Counters describe this process only; accounting is
 * reconciled from the topics and the EHR, never from these.
 */
public final class BridgeMetrics implements MllpConnector.ConnectionListener {
    public static final String SINK = "hl7";
    public static final String STAGE = "hl7-bridge";

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> openConnections = new ConcurrentHashMap<>();
    private final Counter retries;
    private final Counter delivered;
    private final Counter rejected;
    private final Timer fromDevice;
    private final Timer fromGateway;

    public BridgeMetrics(MeterRegistry registry, Collection<String> destinations) {
        this.registry = registry;
        for (String destination : destinations) {
            AtomicInteger open = openConnections.computeIfAbsent(destination, name -> new AtomicInteger());
            Gauge.builder("lumee.mllp.connection.up", open, connections -> connections.get() > 0 ? 1 : 0)
                    .description("1 while at least one MLLP connection to the destination is open")
                    .tag("destination", destination).register(registry);
        }
        retries = Counter.builder("lumee.sink.retries").description("Messages sent again after a failed attempt")
                .tag("sink", SINK).register(registry);
        delivered = readings("delivered", "none");
        rejected = readings("rejected", "SINK_REJECTED");
        fromDevice = latency("device");
        fromGateway = latency("gateway");
    }

    /** An acknowledgement naming the sent MSH-10 arrived {@code latency} after the message was written. */
    public void acknowledged(String destination, AckCode code, Duration latency) {
        Counter.builder("lumee.mllp.acks").description("Acknowledgements received, by destination and MSA-1")
                .tag("destination", destination).tag("code", code.name()).register(registry).increment();
        Timer.builder("lumee.mllp.ack.latency").description("From writing a message to reading its acknowledgement")
                .tag("destination", destination).publishPercentileHistogram().register(registry).record(latency);
        request(code.name());
    }

    /** An attempt that got no usable acknowledgement: no-ack, garbled, wrong-control-id or connection-failed. */
    public void failed(String status) {
        request(status);
    }

    public void retried() {
        retries.increment();
    }

    /** Done; latency is measured from the reading's headers, when the record carried them. */
    public void delivered(ReadingHeaders headers, Instant now) {
        delivered.increment();
        if (headers != null) {
            fromDevice.record(nonNegative(Duration.between(headers.deviceTime(), now)));
            fromGateway.record(nonNegative(Duration.between(headers.receivedAt(), now)));
        }
    }

    public void rejected() {
        rejected.increment();
    }

    /** Records read or waiting on {@code topic} that the group has not committed, kept current by the caller. */
    public void lag(String group, String topic, AtomicLong lag) {
        Gauge.builder("lumee.consumer.lag", lag, AtomicLong::get).description("Records not yet done, per consumer group and topic")
                .tag("group", group).tag("topic", topic).register(registry);
    }

    @Override
    public void opened(String destination) {
        openConnections.computeIfAbsent(destination, name -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void closed(String destination) {
        openConnections.computeIfAbsent(destination, name -> new AtomicInteger()).decrementAndGet();
    }

    private void request(String status) {
        Counter.builder("lumee.sink.requests").description("Attempts to deliver a message, by ACK code or failure")
                .tag("sink", SINK).tag("status", status).register(registry).increment();
    }

    private Counter readings(String outcome, String reason) {
        return Counter.builder("lumee.readings").description("Readings by pipeline stage and outcome")
                .tag("stage", STAGE).tag("outcome", outcome).tag("reason", reason).register(registry);
    }

    private Timer latency(String from) {
        return Timer.builder("lumee.latency").description("Time from device reading or gateway receipt to a stage")
                .tag("from", from).tag("to", SINK).publishPercentileHistogram().register(registry);
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
