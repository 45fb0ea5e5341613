package io.lumee.fhirsink.delivery;

import java.time.Duration;
import java.util.Optional;

/** What became of one POST of a transaction. */
public sealed interface TransactionOutcome {

    /** The label of {@code lumee_sink_requests_total}'s {@code status}: the HTTP status, or {@code io}/{@code token}. */
    String status();

    /** 2xx with the server's transaction-response Bundle: every entry is stored. */
    record Stored(int httpStatus) implements TransactionOutcome {
        @Override
        public String status() {
            return String.valueOf(httpStatus);
        }
    }

    /**
     * A 4xx that no retry cures (400, 404 such as HAPI-1091, 412 such as HAPI-1092, 422, ...): the
     * transaction holds something the server will never take. {@code body} is the server's answer,
     * normally an OperationOutcome; it may echo identifiers, so it is never logged as is.
     */
    record Refused(int httpStatus, String body) implements TransactionOutcome {
        @Override
        public String status() {
            return String.valueOf(httpStatus);
        }

        @Override
        public String toString() {
            return "Refused[" + httpStatus + "]";
        }
    }

    /**
     * The server could not take it now (408, 409, 429, 5xx, auth, I/O), or a 2xx came without a
     * transaction-response ({@code unconfirmed}): the same transaction is tried again.
     */
    record Unavailable(String status, Optional<Duration> retryAfter) implements TransactionOutcome {
    }
}
