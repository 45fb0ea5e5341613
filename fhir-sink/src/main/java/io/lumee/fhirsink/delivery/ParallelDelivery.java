package io.lumee.fhirsink.delivery;

import io.lumee.fhirsink.bundle.BundleMerger;
import io.lumee.fhirsink.bundle.ReadingGroup;
import io.lumee.fhirsink.metrics.SinkMetrics;
import io.lumee.fhirsink.rejection.OutcomeRedactor;
import io.lumee.fhirsink.rejection.Rejected;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers one poll's reading groups over {@code lanes} concurrent requests: groups are dealt to lanes
 * by record key (the patient key), so one patient's readings stay in one lane and in order; each lane
 * merges its groups into transactions of at most {@code maxEntries} entries and posts them one after
 * the other, bisecting a refused one. HAPI JPA on H2 stores about 150 Observations/s on one
 * connection and 250 on two, whatever the transaction size, hence lanes rather than bigger bundles.
 */
public final class ParallelDelivery implements AutoCloseable {
    private final int lanes;
    private final int maxEntries;
    private final BundleMerger merger;
    private final RetryingPoster poster;
    private final OutcomeRedactor redactor;
    private final SinkMetrics metrics;
    private final ExecutorService executor;

    public ParallelDelivery(int lanes, int maxEntries, BundleMerger merger, RetryingPoster poster, OutcomeRedactor redactor,
            SinkMetrics metrics) {
        if (lanes < 1 || maxEntries < 1) {
            throw new IllegalArgumentException("lanes and maxEntries must be at least 1");
        }
        this.lanes = lanes;
        this.maxEntries = maxEntries;
        this.merger = merger;
        this.poster = poster;
        this.redactor = redactor;
        this.metrics = metrics;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(lanes, task -> {
            Thread thread = new Thread(task, metrics.sink() + "-lane-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Completes with the refused groups' rejections once every other group is stored. */
    public CompletableFuture<List<Rejected>> deliver(List<ReadingGroup> groups) {
        List<List<ReadingGroup>> byLane = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            byLane.add(new ArrayList<>());
        }
        for (ReadingGroup group : groups) {
            String key = group.source().key();
            byLane.get(key == null ? 0 : Math.floorMod(key.hashCode(), lanes)).add(group);
        }
        List<CompletableFuture<List<Rejected>>> running = byLane.stream().filter(lane -> !lane.isEmpty())
                .map(lane -> CompletableFuture.supplyAsync(() -> deliverLane(lane), executor)).toList();
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).thenApply(done -> running.stream()
                .flatMap(lane -> lane.join().stream()).toList());
    }

    private List<Rejected> deliverLane(List<ReadingGroup> groups) {
        TransactionBisector bisector = new TransactionBisector(this::post);
        List<Rejected> rejected = new ArrayList<>();
        try {
            for (List<ReadingGroup> transaction : merger.chunks(groups, maxEntries)) {
                for (TransactionBisector.RefusedGroup refused : bisector.deliver(transaction)) {
                    rejected.add(new Rejected(refused.group().source(), redactor.detail(refused.refusal().httpStatus(),
                            refused.refusal().body(), refused.group())));
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CompletionException(interrupted);
        }
        return rejected;
    }

    private TransactionOutcome post(List<ReadingGroup> groups) throws InterruptedException {
        TransactionOutcome outcome = poster.postUntilSettled(merger.merge(groups));
        if (outcome instanceof TransactionOutcome.Stored) {
            Instant now = Instant.now();
            groups.forEach(group -> group.source().headers().ifPresent(headers -> metrics.stored(headers, now)));
        }
        return outcome;
    }

    /** Interrupts lanes waiting to retry: their work is abandoned uncommitted and done again after a restart. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
