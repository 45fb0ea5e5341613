package io.lumee.fhirsink.bundle;

/**
 * A record whose value is not a FHIR transaction Bundle the sink can post. The message says what is
 * wrong in words of our own, never quoting the content (it may hold a patient identifier).
 */
public final class UnreadableBundle extends Exception {
    private static final long serialVersionUID = 1L;

    public UnreadableBundle(String message) {
        super(message);
    }
}
