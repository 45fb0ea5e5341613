package io.lumee.gateway.it;

import io.lumee.gateway.GatewayConfig;
import io.lumee.gateway.Main;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.protocol.client.ClientTls;
import io.lumee.protocol.client.DeviceClient;
import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.tls.IssuedCertificate;
import io.lumee.testkit.tls.TestCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.awaitility.Awaitility;

/**
 * A real edge-gateway, started through {@link Main#wire} exactly as in production, with its HTTPS port,
 * its management endpoint and helpers to make device clients.
 */
public final class GatewayUnderTest implements AutoCloseable {

    private static final char[] STORE_PASSWORD = "test-store-password".toCharArray();

    private final ServiceRuntime runtime;
    private final int port;
    private final TestCa ca;
    private final Path dir;

    private GatewayUnderTest(ServiceRuntime runtime, int port, TestCa ca, Path dir) {
        this.runtime = runtime;
        this.port = port;
        this.ca = ca;
        this.dir = dir;
    }

    /** Starts a gateway whose server certificate and client trust come from {@code ca}, with the given extra settings. */
    public static GatewayUnderTest start(TestCa ca, Map<String, String> settings) throws Exception {
        Path dir = TempDirs.create("edge-gateway-test");
        Path password = Files.writeString(dir.resolve("store-password"), new String(STORE_PASSWORD) + "\n");
        IssuedCertificate server = ca.issueServer("edge-gateway");
        int port = LoopbackPorts.free();
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("LUMEE_GATEWAY_HOST", LoopbackPorts.HOST);
        environment.put("LUMEE_GATEWAY_PORT", Integer.toString(port));
        environment.put("LUMEE_GATEWAY_TLS_KEYSTORE_FILE", server.writePkcs12(dir.resolve("server.p12"), STORE_PASSWORD).toString());
        environment.put("LUMEE_GATEWAY_TLS_KEYSTORE_PASSWORD_FILE", password.toString());
        environment.put("LUMEE_GATEWAY_TLS_TRUSTSTORE_FILE", ca.writeTrustStore(dir.resolve("clients-ca.p12"), STORE_PASSWORD).toString());
        environment.put("LUMEE_GATEWAY_TLS_TRUSTSTORE_PASSWORD_FILE", password.toString());
        environment.put("LUMEE_MANAGEMENT_HOST", LoopbackPorts.HOST);
        environment.put("LUMEE_MANAGEMENT_PORT", "0");
        ServiceRuntime runtime = ServiceRuntime.start(Main.SERVICE, new ConfigReader(environment), GatewayConfig::from, Main::wire);
        GatewayUnderTest gateway = new GatewayUnderTest(runtime, port, ca, dir);
        Awaitility.await("gateway ready").atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> gateway.management("/readyz").statusCode() == 200);
        return gateway;
    }

    public URI uri() {
        return URI.create("https://127.0.0.1:" + port);
    }

    /** A client presenting {@code certificate} (null: none) and trusting the gateway's CA. */
    public DeviceClient client(IssuedCertificate certificate, HttpClient.Version version) throws Exception {
        return DeviceClient.builder(uri(), tls(certificate)).version(version).timeout(Duration.ofSeconds(30)).build();
    }

    /** Client TLS presenting {@code certificate} (null: none) and trusting the gateway's CA, for clients built by hand. */
    public SSLContext tls(IssuedCertificate certificate) throws Exception {
        Path keyStore = certificate == null ? null
                : certificate.writePkcs12(Files.createTempFile(dir, "client-", ".p12"), STORE_PASSWORD);
        Path trust = ca.writeTrustStore(Files.createTempFile(dir, "trust-", ".p12"), STORE_PASSWORD);
        return ClientTls.fromPkcs12(keyStore, STORE_PASSWORD, trust, STORE_PASSWORD);
    }

    public DeviceClient client(IssuedCertificate certificate) throws Exception {
        return client(certificate, HttpClient.Version.HTTP_2);
    }

    public HttpResponse<String> management(String path) throws Exception {
        URI uri = URI.create("http://" + runtime.managementAddress().getHostString() + ":" + runtime.managementAddress().getPort() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    public String metrics() throws Exception {
        return management("/metrics").body();
    }

    @Override
    public void close() {
        runtime.shutdown();
        TempDirs.deleteQuietly(dir);
    }
}
