package io.lumee.gateway.ingest;

import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.topics.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;

/**
 * Produces planned readings to {@code lumee.raw}, keyed by deviceId, timestamped receivedAt, with the
 * reading headers. An item counts as accepted only once Kafka acknowledged it (idempotent, acks=all);
 * one not acknowledged by the deadline is answered unavailable even if it lands later, since the
 * answer has gone out: a resend is then a duplicate the processor drops, never a loss.
 */
public final class ReadingSender {

    private final Producer<String, LumeeReading> producer;
    private final Topic<String, LumeeReading> topic;
    private final Timer latency;

    public ReadingSender(Producer<String, LumeeReading> producer, Topic<String, LumeeReading> topic, MeterRegistry meters) {
        this.producer = producer;
        this.topic = topic;
        this.latency = Timer.builder("lumee.gateway.produce.latency")
                .description("From handing a reading to the producer to Kafka's acknowledgement")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Every item's result, complete by {@code timeout} at the latest. */
    public CompletableFuture<List<ItemResult>> sendAll(List<ItemPlan.Produce> items, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<ItemResult>> results = new ArrayList<>(items.size());
        String unsendable = null;
        for (ItemPlan.Produce item : items) {
            if (unsendable != null) {
                // send() blocks up to max.block.ms when Kafka is away; one wait per request, not one per item
                results.add(CompletableFuture.completedFuture(ItemResult.unavailable(item, unsendable)));
                continue;
            }
            CompletableFuture<ItemResult> result = send(item);
            if (result.isDone() && result.join().outcome() == ItemOutcome.UNAVAILABLE) {
                unsendable = result.join().detail().orElse("not sent");
            }
            results.add(result);
        }
        long remaining = Math.max(0, deadline - System.nanoTime());
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, remaining, TimeUnit.NANOSECONDS)
                .thenApply(done -> {
                    List<ItemResult> answered = new ArrayList<>(results.size());
                    for (int i = 0; i < results.size(); i++) {
                        answered.add(results.get(i).getNow(ItemResult.unavailable(items.get(i),
                                "Kafka did not acknowledge within " + timeout.toMillis() + " ms")));
                    }
                    return answered;
                });
    }

    private CompletableFuture<ItemResult> send(ItemPlan.Produce item) {
        CompletableFuture<ItemResult> result = new CompletableFuture<>();
        long start = System.nanoTime();
        try {
            producer.send(item.headers().producerRecord(topic.name(), item.reading().getDeviceId(), item.reading()), (metadata, failure) -> {
                latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                result.complete(failure == null ? ItemResult.accepted(item)
                        : ItemResult.unavailable(item, "Kafka did not acknowledge (" + failure.getClass().getSimpleName() + ")"));
            });
        } catch (RuntimeException failure) {
            // max.block.ms passed without metadata or buffer space, the registry is away, or the producer is closed
            result.complete(ItemResult.unavailable(item, "not sent (" + failure.getClass().getSimpleName() + ")"));
        }
        return result;
    }
}
