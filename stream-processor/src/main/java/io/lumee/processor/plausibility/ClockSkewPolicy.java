package io.lumee.processor.plausibility;

/** What to do with a reading whose device clock runs further ahead of receipt than allowed. */
public enum ClockSkewPolicy {
    /** Refuse it as CLOCK_SKEW. */
    REJECT,
    /** Let it through with the receipt time as its time, flagged in the outputs with how far ahead the clock ran. */
    CORRECT
}
