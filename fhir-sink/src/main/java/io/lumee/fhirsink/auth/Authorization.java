package io.lumee.fhirsink.auth;

import java.util.Optional;

/** The {@code Authorization} header value for the next request to the FHIR server, if any. */
public interface Authorization {

    Authorization NONE = () -> Optional.empty();

    /** @throws TokenUnavailable when no token can be had now (the request is retried later) */
    Optional<String> header();

    /** The server answered 401: whatever is cached is stale, fetch or read it afresh next time. */
    default void refused() {
    }
}
