package io.lumee.gateway.ingest;

/** How one item of a request ended, with the status it would have had alone. */
public enum ItemOutcome {
    ACCEPTED(202, "accepted"),
    MALFORMED(400, "malformed"),
    FORBIDDEN(403, "forbidden"),
    RATE_LIMITED(429, "rate-limited"),
    /** Kafka did not acknowledge it in time: it may or may not have landed; resending is safe. */
    UNAVAILABLE(503, "unavailable");

    private final int status;
    private final String label;

    ItemOutcome(int status, String label) {
        this.status = status;
        this.label = label;
    }

    public int status() {
        return status;
    }

    /** The word in answers and in {@code lumee_readings_total{outcome}}. */
    public String label() {
        return label;
    }
}
