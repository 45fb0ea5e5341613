package io.lumee.testkit.fhir;

import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.jvm.ChildJvm;
import io.lumee.testkit.jvm.ClasspathListing;
import io.lumee.testkit.tls.CertificateSpec;
import io.lumee.testkit.tls.TestCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real HAPI FHIR JPA 8.8.0 server (R4 or R5) in a child JVM, with its data in an H2 file in a
 * temporary folder: {@link #stop()} then {@link #start()} keeps the data and the ports, for outage tests.
 *
 * <p>Two connectors on 127.0.0.1: {@link #baseUrl()}, plain HTTP without authentication, and
 * {@link #secureBaseUrl()}, TLS 1.2+ with a server certificate from the given CA, requiring a client
 * certificate from that CA and {@code Authorization: Bearer} {@link #bearerToken()}. The same connector
 * serves an OAuth2 client-credentials endpoint at {@link #tokenUrl()} for {@link #clientId()} and
 * {@link #clientSecret()}. Transactions, conditional creates and referential integrity are HAPI's own.
 */
public final class FhirServer implements AutoCloseable {
    /** A JPA server needs ~0.8-1 GB resident; the heap bound keeps several of them off swap. */
    private static final String MAX_HEAP = "768m";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern ISSUED = Pattern.compile("\"issued\":(\\d+)");
    /** Written into lumee-testkit-fhir-server's jar by its build (maven-dependency-plugin:build-classpath). */
    private static final String CLASSPATH_RESOURCE = "io/lumee/testkit/fhirserver/runtime.classpath";
    private static final String MAIN_CLASS = "io.lumee.testkit.fhirserver.FhirJpaServer";

    private final FhirVersion version;
    private final Path dir;
    private final int port;
    private final int tlsPort;
    private final String clientSecret;
    private final TestCa ca;
    private ChildJvm jvm;

    private FhirServer(FhirVersion version, Path dir, int port, int tlsPort, String clientSecret, TestCa ca) {
        this.version = version;
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.clientSecret = clientSecret;
        this.ca = ca;
    }

    /** Starts a server with an empty database; its secured connector trusts and is certified by {@code ca}. */
    public static FhirServer start(FhirVersion version, TestCa ca) {
        Path dir = TempDirs.create("fhir-" + version.name().toLowerCase());
        String storePassword = random();
        char[] password = storePassword.toCharArray();
        ca.issueServer("fhir-server").writePkcs12(dir.resolve("server.p12"), password);
        ca.writeTrustStore(dir.resolve("trust.p12"), password);
        String clientSecret = random();
        try {
            Files.writeString(dir.resolve("store-password"), storePassword);
            Files.writeString(dir.resolve("bearer-token"), random());
            Files.writeString(dir.resolve("client-secret"), clientSecret);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FhirServer server = new FhirServer(version, dir, LoopbackPorts.free(), LoopbackPorts.free(), clientSecret, ca);
        try {
            server.start();
        } catch (RuntimeException e) {
            TempDirs.deleteQuietly(dir);
            throw e;
        }
        return server;
    }

    /** Starts the server again on its data and ports; returns once {@code /metadata} answers. */
    public synchronized void start() {
        if (jvm != null && jvm.isAlive()) {
            throw new IllegalStateException(this + " is already running");
        }
        ChildJvm.Builder builder = ChildJvm.builder("fhir-" + version.name().toLowerCase(), MAIN_CLASS)
                .classpath(ClasspathListing.read(CLASSPATH_RESOURCE, "testkit-fhir-server"))
                .maxHeap(MAX_HEAP)
                // named apart from logback.xml: the server's jar sits on the classpath of whoever launches it
                .systemProperty("logback.configurationFile", "lumee-fhir-server-logback.xml")
                .workingDirectory(dir)
                .readyWhenOk(baseUrl() + "/metadata")
                .startTimeout(START_TIMEOUT);
        List.of("--version", version.name(), "--port", String.valueOf(port), "--data", dir.toString(),
                        "--tls-port", String.valueOf(tlsPort), "--keystore", dir.resolve("server.p12").toString(),
                        "--truststore", dir.resolve("trust.p12").toString(),
                        "--store-password-file", dir.resolve("store-password").toString(),
                        "--token-file", dir.resolve("bearer-token").toString(), "--client-id", clientId(),
                        "--client-secret-file", dir.resolve("client-secret").toString())
                .forEach(builder::argument);
        jvm = builder.start();
    }

    /** Stops the server as an orderly shutdown would (SIGTERM): the data stays for {@link #start()}. */
    public synchronized void stop() {
        if (jvm != null) {
            jvm.close();
            jvm = null;
        }
    }

    public synchronized boolean isRunning() {
        return jvm != null && jvm.isAlive();
    }

    public FhirVersion version() {
        return version;
    }

    /** {@code http://127.0.0.1:<port>/fhir}: no TLS, no authentication. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/fhir";
    }

    /** {@code https://127.0.0.1:<port>/fhir}: client certificate and bearer token required. */
    public String secureBaseUrl() {
        return "https://127.0.0.1:" + tlsPort + "/fhir";
    }

    /** The OAuth2 client-credentials token endpoint on the secured connector. */
    public String tokenUrl() {
        return "https://127.0.0.1:" + tlsPort + "/oauth/token";
    }

    public String clientId() {
        return "lumee-test-client";
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** The token the secured connector accepts now, and the token endpoint issues. */
    public String bearerToken() {
        try {
            return Files.readString(dir.resolve("bearer-token"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the accepted token; the previous one is refused from the next request on. */
    public String rotateBearerToken() {
        String token = random();
        try {
            Files.writeString(dir.resolve("bearer-token"), token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return token;
    }

    /** How many tokens the token endpoint has issued since this server JVM started. */
    public int tokensIssued() {
        try {
            HttpResponse<String> response = secureHttpClient().send(HttpRequest.newBuilder(URI.create(tokenUrl())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher matcher = ISSUED.matcher(response.body());
            if (response.statusCode() != 200 || !matcher.find()) {
                throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + response.body());
            }
            return Integer.parseInt(matcher.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client for the secured connector: it trusts the server's CA and shows a client certificate from it. */
    public HttpClient secureHttpClient() {
        char[] password = random().toCharArray();
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(ca.issue(CertificateSpec.client("fhir-test-client")).keyStore(password), password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(ca.trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS client", e);
        }
    }

    /** The server's log, for a failing test's message. */
    public Path logFile() {
        return dir.resolve("fhir-" + version.name().toLowerCase() + ".log");
    }

    @Override
    public void close() {
        stop();
        TempDirs.deleteQuietly(dir);
    }

    @Override
    public String toString() {
        return "FhirServer[" + version + ", " + baseUrl() + "]";
    }

    private static String random() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
