package io.lumee.testkit.mllp;

import java.util.Objects;

/**
 * What the test EHR answers to one message: an acknowledgement with a code (and, for errors, the
 * MSA-3/ERR text), or one of the broken answers a real interface engine sometimes gives.
 *
 * @param kind what to answer
 * @param text MSA-3 and ERR-3.9 text for AE, AR, CE and CR; empty otherwise
 */
public record Answer(Kind kind, String text) {

    public enum Kind {
        AA, AE, AR, CA, CE, CR,
        /** A well-formed AA whose MSA-2 is not the message's MSH-10. */
        WRONG_CONTROL_ID,
        /** A raw MLLP frame holding bytes that are not HL7. */
        GARBAGE,
        /** Nothing at all; the connection stays open. */
        SILENCE,
        /** The connection is closed without an answer. */
        DROP_CONNECTION;

        boolean isAcknowledgement() {
            return ordinal() <= CR.ordinal();
        }
    }

    public Answer {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    public static Answer accept() {
        return new Answer(Kind.AA, "");
    }

    /** AE: the content is in error. */
    public static Answer error(String text) {
        return new Answer(Kind.AE, text);
    }

    /** AR: rejected for a reason unrelated to the content (the receiver is down, busy...). */
    public static Answer reject(String text) {
        return new Answer(Kind.AR, text);
    }

    /** An enhanced-mode commit code (CA, CE, CR) or any original-mode one. */
    public static Answer code(Kind code, String text) {
        if (!code.isAcknowledgement()) {
            throw new IllegalArgumentException(code + " is not an acknowledgement code");
        }
        return new Answer(code, text);
    }

    public static Answer wrongControlId() {
        return new Answer(Kind.WRONG_CONTROL_ID, "");
    }

    public static Answer garbage() {
        return new Answer(Kind.GARBAGE, "");
    }

    public static Answer silence() {
        return new Answer(Kind.SILENCE, "");
    }

    public static Answer dropConnection() {
        return new Answer(Kind.DROP_CONNECTION, "");
    }

    /** Whether the sender learns that the message was accepted (AA or CA). */
    public boolean accepts() {
        return kind == Kind.AA || kind == Kind.CA;
    }
}
