package io.lumee.gateway.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The ingest meters: {@code lumee_gateway_requests_total{status}}, {@code lumee_readings_total{stage="gateway",outcome,reason}}
 * and {@code lumee_gateway_received_bytes_total} (bodies as sent). Labels take fixed words only,
 * never a device or reading value.
 */
final class IngestMetrics {

    private final MeterRegistry meters;

    IngestMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void request(int status) {
        Counter.builder("lumee.gateway.requests").description("Ingest requests answered, by HTTP status")
                .tag("status", Integer.toString(status)).register(meters).increment();
    }

    void item(ItemResult result) {
        Counter.builder("lumee.readings").description("Readings by pipeline stage and outcome")
                .tag("stage", "gateway")
                .tag("outcome", result.outcome().label())
                .tag("reason", result.reason().orElse("none"))
                .register(meters).increment();
    }

    void bytes(long count) {
        Counter.builder("lumee.gateway.received.bytes").description("Request body bytes as sent, compressed or not")
                .baseUnit("bytes").register(meters).increment(count);
    }
}
