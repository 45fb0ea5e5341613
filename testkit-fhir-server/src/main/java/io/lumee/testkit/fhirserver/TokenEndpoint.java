package io.lumee.testkit.fhirserver;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth2 token endpoint for the client-credentials grant (RFC 6749 section 4.4): POST with
 * {@code grant_type=client_credentials} and the client's id and secret (form fields or HTTP Basic)
 * answers the bearer token the FHIR servlet accepts. {@code GET} answers how many tokens it issued,
 * so a test can tell whether a client caches its token.
 */
final class TokenEndpoint extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient BearerTokenCheck tokens;
    private final String clientId;
    private final transient Path clientSecretFile;
    private final Duration lifetime;
    private final AtomicInteger issued = new AtomicInteger();

    TokenEndpoint(BearerTokenCheck tokens, String clientId, Path clientSecretFile, Duration lifetime) {
        this.tokens = tokens;
        this.clientId = clientId;
        this.clientSecretFile = clientSecretFile;
        this.lifetime = lifetime;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String secret = Files.readString(clientSecretFile, StandardCharsets.UTF_8).strip();
        String[] credentials = credentials(request);
        if (!"client_credentials".equals(request.getParameter("grant_type"))) {
            json(response, 400, "{\"error\":\"unsupported_grant_type\"}");
        } else if (!clientId.equals(credentials[0]) || !secret.equals(credentials[1])) {
            json(response, 401, "{\"error\":\"invalid_client\"}");
        } else {
            issued.incrementAndGet();
            json(response, 200, "{\"access_token\":\"" + tokens.currentToken() + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                    + lifetime.toSeconds() + "}");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        json(response, 200, "{\"issued\":" + issued.get() + "}");
    }

    private static String[] credentials(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.startsWith("Basic ")) {
            String decoded = new String(java.util.Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                return new String[] {
                    java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
            }
        }
        return new String[] {request.getParameter("client_id"), request.getParameter("client_secret")};
    }

    private static void json(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
