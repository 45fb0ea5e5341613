package io.lumee.archive.format;

/** Decrypted content that is not an archive batch: written by something else, or altered before encryption. */
public final class MalformedBatchException extends RuntimeException {
    MalformedBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
