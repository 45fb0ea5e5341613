package io.lumee.devstack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the stack is doing, every few seconds, from each service's own {@code /metrics}: readings per
 * second through each stage, latency from the device to the FHIR server and to the EHR's ACK, outcomes
 * and reasons, lag, and a progress line.
 */
final class ConsoleView {
    private final Stack stack;
    private final Ledger ledger;
    private final PrintStream out;
    private final long started = System.nanoTime();
    private Counts previous = new Counts(0, 0, 0, 0, 0);
    private long previousAt = System.nanoTime();

    private record Counts(double gateway, double processed, double fhir, double ehr, double archived) {}

    ConsoleView(Stack stack, Ledger ledger, PrintStream out) {
        this.stack = stack;
        this.ledger = ledger;
        this.out = out;
    }

    void print() {
        PromText gateway = metrics(Service.GATEWAY);
        PromText processor = metrics(Service.PROCESSOR);
        PromText fhir = metrics(Service.FHIR_SINK);
        PromText bridge = metrics(Service.HL7_BRIDGE);
        PromText archive = metrics(Service.ARCHIVE_SINK);
        Counts now = new Counts(
                gateway.sum("lumee_readings_total", labels -> "accepted".equals(labels.get("outcome"))),
                processor.sum("lumee_readings_total"),
                fhir.sum("lumee_latency_seconds_count", from("device")),
                bridge.sum("lumee_latency_seconds_count", from("device")),
                archive.sum("lumee_archive_objects_total"));
        double seconds = Math.max(0.001, (System.nanoTime() - previousAt) / 1e9);
        out.printf("[%s] readings/s  gateway %5.1f  processor %5.1f  FHIR %5.1f  EHR %5.1f | archive objects %.0f%n",
                elapsed(), (now.gateway() - previous.gateway()) / seconds, (now.processed() - previous.processed()) / seconds,
                (now.fhir() - previous.fhir()) / seconds, (now.ehr() - previous.ehr()) / seconds, now.archived());
        out.printf("          latency device->FHIR p50 %s p95 %s p99 %s | device->EHR ACK p50 %s p95 %s p99 %s%n",
                ms(fhir, 0.50), ms(fhir, 0.95), ms(fhir, 0.99), ms(bridge, 0.50), ms(bridge, 0.95), ms(bridge, 0.99));
        out.printf("          processor: delivered %.0f, rejected %.0f %s, duplicates %.0f, held %.0f | lag %.0f | fleet posts %s%n",
                processor.sum("lumee_readings_total", outcome("delivered")),
                processor.sum("lumee_readings_total", outcome("rejected")), reasons(processor),
                processor.sum("lumee_duplicates_total"), processor.sum("lumee_orphans_held"),
                fhir.sum("lumee_consumer_lag") + bridge.sum("lumee_consumer_lag") + archive.sum("lumee_consumer_lag"),
                ledger.posts);
        previous = now;
        previousAt = System.nanoTime();
    }

    private PromText metrics(Service service) {
        return new PromText(stack.service(service).metrics());
    }

    private static String reasons(PromText processor) {
        StringBuilder reasons = new StringBuilder("(");
        for (String reason : new String[] {"SCHEMA", "SIGNATURE", "STALE", "REVOKED_DEVICE", "UNIT_UNKNOWN",
                "OUT_OF_RANGE", "CLOCK_SKEW", "NO_CONSENT", "UNKNOWN_DEVICE", "NO_PATIENT"}) {
            double count = processor.sum("lumee_readings_total",
                    labels -> "rejected".equals(labels.get("outcome")) && reason.equals(labels.get("reason")));
            if (count > 0) {
                reasons.append(reasons.length() > 1 ? " " : "").append(reason).append(' ').append((long) count);
            }
        }
        return reasons.append(')').toString();
    }

    private static String ms(PromText text, double q) {
        double seconds = text.quantile("lumee_latency_seconds", q, from("device"));
        return Double.isNaN(seconds) ? "  n/a" : String.format("%4.0fms", seconds * 1000);
    }

    private static Predicate<Map<String, String>> from(String from) {
        return labels -> from.equals(labels.get("from"));
    }

    private static Predicate<Map<String, String>> outcome(String outcome) {
        return labels -> outcome.equals(labels.get("outcome"));
    }

    private String elapsed() {
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        return String.format("%3d:%02d", seconds / 60, seconds % 60);
    }
}
