package io.lumee.testkit.kms;

/**
 * A KMS error as the JSON protocol carries it: HTTP 400 with {@code {"__type": ..., "message": ...}}; the
 * AWS SDK maps {@code __type} to its exception class ({@code NotFoundException},
 * {@code InvalidCiphertextException}, ...).
 */
final class KmsError extends RuntimeException {
    private final String type;

    KmsError(String type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    String type() {
        return type;
    }

    static KmsError notFound(String keyId) {
        return new KmsError("NotFoundException", "Key '" + keyId + "' does not exist");
    }

    static KmsError invalidCiphertext() {
        // KMS says no more than this, whether the blob, the key or the encryption context was wrong
        return new KmsError("InvalidCiphertextException", null);
    }

    static KmsError validation(String message) {
        return new KmsError("ValidationException", message);
    }
}
