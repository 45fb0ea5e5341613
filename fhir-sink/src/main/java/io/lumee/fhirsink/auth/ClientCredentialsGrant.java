package io.lumee.fhirsink.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.platform.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * OAuth2 client credentials (RFC 6749 section 4.4): a token from the token endpoint, cached until shortly
 * before it expires (a tenth of its lifetime, at most 30 s early, so no request leaves with a token that
 * lapses on the way). The client authenticates with HTTP Basic, which every server must support; the
 * secret is read from its file for each token request, so a rotated secret needs no restart.
 */
public final class ClientCredentialsGrant implements Authorization {
    /** When the endpoint does not say how long its token lives. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    private static final Duration MAX_EARLY = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI tokenUrl;
    private final String clientId;
    private final Path secretFile;
    private final Optional<String> scope;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    public ClientCredentialsGrant(URI tokenUrl, String clientId, Path secretFile, Optional<String> scope, HttpClient http,
            ObjectMapper json, Clock clock) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.secretFile = secretFile;
        this.scope = scope;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<String> header() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return Optional.of("Bearer " + token);
    }

    @Override
    public synchronized void refused() {
        token = null;
    }

    private void fetch() {
        String secret;
        try {
            secret = Secret.readFrom(secretFile).text();
        } catch (IOException | IllegalArgumentException unreadable) {
            throw new TokenUnavailable("client secret file " + secretFile + " is unreadable or empty");
        }
        String basic = Base64.getEncoder().encodeToString(
                (form(clientId) + ":" + form(secret)).getBytes(StandardCharsets.UTF_8));
        String body = "grant_type=client_credentials" + scope.map(s -> "&scope=" + form(s)).orElse("");
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Instant asked = clock.instant();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException failed) {
            throw new TokenUnavailable("token endpoint unreachable: " + failed.getClass().getSimpleName());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailable("interrupted while fetching a token");
        }
        if (response.statusCode() != 200) {
            throw new TokenUnavailable("token endpoint answered HTTP " + response.statusCode());
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (IOException notJson) {
            throw new TokenUnavailable("token endpoint answered something other than JSON");
        }
        if (!answer.path("access_token").isTextual() || answer.path("access_token").asText().isBlank()) {
            throw new TokenUnavailable("token endpoint answered without an access_token");
        }
        Duration lifetime = answer.path("expires_in").canConvertToLong() && answer.path("expires_in").asLong() > 0
                ? Duration.ofSeconds(answer.path("expires_in").asLong())
                : DEFAULT_LIFETIME;
        Duration early = lifetime.dividedBy(10).compareTo(MAX_EARLY) < 0 ? lifetime.dividedBy(10) : MAX_EARLY;
        token = answer.path("access_token").asText();
        renewAt = asked.plus(lifetime).minus(early);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
