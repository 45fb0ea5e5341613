package io.lumee.fhirsink.auth;

/** No token now (token endpoint down, token file unreadable): the request waits and is tried again. */
public final class TokenUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TokenUnavailable(String message) {
        super(message);
    }
}
