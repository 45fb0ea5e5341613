package io.lumee.testkit.fhirserver;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Requires {@code Authorization: Bearer <token>} on the secured connector. The token file is read on
 * every request, so a test can rotate the token and see whether a client follows.
 */
@Interceptor
final class BearerTokenCheck {
    private final int securedPort;
    private final Path tokenFile;

    BearerTokenCheck(int securedPort, Path tokenFile) {
        this.securedPort = securedPort;
        this.tokenFile = tokenFile;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean check(HttpServletRequest request) {
        if (request.getLocalPort() != securedPort) {
            return true;
        }
        if (!("Bearer " + currentToken()).equals(request.getHeader("Authorization"))) {
            throw new AuthenticationException("a valid bearer token is required");
        }
        return true;
    }

    String currentToken() {
        try {
            return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
