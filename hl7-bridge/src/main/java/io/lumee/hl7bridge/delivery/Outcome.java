package io.lumee.hl7bridge.delivery;

/** How one message's delivery ended. */
public sealed interface Outcome {

    /** Acknowledged with a code the policy calls done. */
    record Delivered(String destination, int attempts) implements Outcome { }

    /** Refused by the EHR as the policy says; {@code detail} holds no patient identifier or reading value. */
    record Rejected(String detail, int attempts) implements Outcome { }

    /** Given up unfinished because its partition was revoked or the bridge is stopping; whoever reads it next sends it again. */
    record Abandoned() implements Outcome { }
}
