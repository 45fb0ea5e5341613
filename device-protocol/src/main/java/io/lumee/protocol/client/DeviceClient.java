package io.lumee.protocol.client;

import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.Reading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The reference device client: signs readings and posts them to the edge-gateway's
 * {@code POST /v1/readings} over mutual TLS, HTTP/2 when the server offers it. Only the JDK: a device
 * simulator or an SDK port can read it end to end. Thread-safe.
 *
 * <pre>{@code
 * DeviceClient client = DeviceClient.builder(URI.create("https://gateway.example:8443"),
 *         ClientTls.fromPkcs12(deviceP12, password, caP12, caPassword)).build();
 * PostResult result = client.post(JwsSigner.es256(privateJwk), readings, Batching.JSON, true);
 * }</pre>
 */
public final class DeviceClient {

    public static final String PATH = "/v1/readings";

    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;

    private DeviceClient(HttpClient http, URI endpoint, Duration timeout) {
        this.http = http;
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    /** @param gateway the gateway's base URI, {@code https://host:port} */
    public static Builder builder(URI gateway, SSLContext tls) {
        return new Builder(gateway, tls);
    }

    /** Signs each reading's JSON (exactly as {@link Reading#toJson()} writes it) and posts them in one request. */
    public PostResult post(JwsSigner signer, List<Reading> readings, Batching batching, boolean gzip) throws IOException, InterruptedException {
        return post(readings.stream().map(signer::sign).toList(), batching, gzip);
    }

    /** Posts compact JWS strings as given, so tests can send malformed ones too. */
    public PostResult post(List<String> jwsList, Batching batching, boolean gzip) throws IOException, InterruptedException {
        byte[] body = batching.body(jwsList);
        return postBody(batching.contentType(), gzip ? gzip(body) : body, gzip ? "gzip" : null);
    }

    /** Posts any body: for tests of what the gateway refuses. */
    public PostResult postBody(String contentType, byte[] body, String contentEncoding) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentEncoding != null) {
            request.header("Content-Encoding", contentEncoding);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(DeviceClient::seconds);
        return new PostResult(response.statusCode(), retryAfter, response.body(), response.version());
    }

    private static Optional<Duration> seconds(String retryAfter) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException httpDate) {
            return Optional.empty();
        }
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException impossible) {
            throw new UncheckedIOException("compressing in memory failed", impossible);
        }
        return out.toByteArray();
    }

    public static final class Builder {
        private final URI gateway;
        private final SSLContext tls;
        private HttpClient.Version version = HttpClient.Version.HTTP_2;
        private Duration timeout = Duration.ofSeconds(30);
        private List<String> protocols = List.of("TLSv1.3");

        private Builder(URI gateway, SSLContext tls) {
            this.gateway = Objects.requireNonNull(gateway, "gateway");
            this.tls = Objects.requireNonNull(tls, "tls");
            if (!"https".equals(gateway.getScheme())) {
                throw new IllegalArgumentException("the gateway speaks HTTPS only: " + gateway);
            }
        }

        /** HTTP/2 by default (ALPN h2); HTTP/1.1 for stacks without it. */
        public Builder version(HttpClient.Version version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** The longest one request may take, connection included. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** TLS 1.3 by default, as the gateway. */
        public Builder protocols(String... protocols) {
            this.protocols = List.of(protocols);
            return this;
        }

        public DeviceClient build() {
            SSLParameters parameters = tls.getDefaultSSLParameters();
            parameters.setProtocols(protocols.toArray(String[]::new));
            HttpClient http = HttpClient.newBuilder()
                    .sslContext(tls)
                    .sslParameters(parameters)
                    .version(version)
                    .connectTimeout(timeout)
                    .build();
            return new DeviceClient(http, gateway.resolve(PATH), timeout);
        }
    }
}
