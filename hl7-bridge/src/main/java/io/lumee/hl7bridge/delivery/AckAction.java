package io.lumee.hl7bridge.delivery;

/** What the bridge does with a message after an acknowledgement code. */
public enum AckAction {
    /** Delivered: the message is done. */
    DONE,
    /** Refused for its content: resending it unchanged cannot help, so it goes to lumee.rejected at once. */
    REJECT,
    /** Refused for a reason unrelated to its content: resent after a backoff, up to the retry limit, then rejected. */
    RETRY
}
