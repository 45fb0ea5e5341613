package io.lumee.archive.envelope;

/** An archive object that does not decrypt with the configured key under its own encryption context. */
public final class EnvelopeException extends RuntimeException {
    EnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
