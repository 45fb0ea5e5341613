package io.lumee.hl7bridge.delivery;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A cancellation that is set once and stays set. */
public final class CancellationLatch implements Cancellation {
    private final CountDownLatch cancelled = new CountDownLatch(1);

    public void cancel() {
        cancelled.countDown();
    }

    @Override
    public boolean cancelled() {
        return cancelled.getCount() == 0;
    }

    @Override
    public boolean awaitCancelled(Duration timeout) throws InterruptedException {
        return cancelled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
