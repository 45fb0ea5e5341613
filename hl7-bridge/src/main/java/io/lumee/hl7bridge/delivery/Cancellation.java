package io.lumee.hl7bridge.delivery;

import java.time.Duration;

/** Tells a delivery to stop: its partition was revoked or the bridge is stopping. */
public interface Cancellation {

    boolean cancelled();

    /** Waits up to {@code timeout}; true as soon as cancelled. */
    boolean awaitCancelled(Duration timeout) throws InterruptedException;
}
