package io.lumee.hl7bridge.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How a courier treats acknowledgements and failures.
 *
 * @param ackTimeout how long to wait for an acknowledgement before calling it lost
 * @param maxRetries how many times a message answered with a code the policy retries is sent again before it is rejected
 */
public record DeliveryRules(AckPolicy policy, Backoff backoff, int maxRetries, Duration ackTimeout) {

    public DeliveryRules {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
        if (ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("ackTimeout must be positive");
        }
    }
}
