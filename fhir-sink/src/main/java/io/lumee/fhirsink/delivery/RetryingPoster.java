package io.lumee.fhirsink.delivery;

import io.lumee.fhirsink.metrics.SinkMetrics;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a transaction until the server settles it, stored or refused, however long that takes: while
 * the server is away the backlog waits in Kafka, and the offsets stay where they are. Meanwhile
 * {@link #serverReachable()} is false, for readiness.
 */
public final class RetryingPoster {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingPoster.class);

    private final FhirTransactionClient client;
    private final RetryPolicy policy;
    private final SinkMetrics metrics;
    private volatile boolean reachable = true;

    public RetryingPoster(FhirTransactionClient client, RetryPolicy policy, SinkMetrics metrics) {
        this.client = client;
        this.policy = policy;
        this.metrics = metrics;
    }

    /** @return {@link TransactionOutcome.Stored} or {@link TransactionOutcome.Refused}, never Unavailable */
    public TransactionOutcome postUntilSettled(String bundle) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            TransactionOutcome outcome = client.post(bundle);
            metrics.request(outcome.status());
            if (!(outcome instanceof TransactionOutcome.Unavailable unavailable)) {
                reachable = true;
                return outcome;
            }
            reachable = false;
            metrics.retry();
            Duration delay = policy.delay(attempt, unavailable.retryAfter(), ThreadLocalRandom.current().nextDouble());
            LOG.atWarn().setMessage("FHIR server did not take a transaction; retrying")
                    .addKeyValue("sink", metrics.sink()).addKeyValue("status", unavailable.status())
                    .addKeyValue("attempt", attempt).addKeyValue("retryInMs", delay.toMillis()).log();
            Thread.sleep(delay.toMillis());
        }
    }

    /** False from a failed attempt until the next answer that settles a transaction. */
    public boolean serverReachable() {
        return reachable;
    }
}
