package io.lumee.platform.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumee.platform.config.ConfigReader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextTest {

    private static final String PREFIX = "LUMEE_TEST_TLS";

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final TestCertificates ca = TestCertificates.authority("Lumee Test CA");
    private Map<String, String> serverEnvironment;

    /** What the server saw of a connection: the negotiated protocol and the client's certificate subject. */
    private record Accepted(String protocol, String peer) { }

    @BeforeEach
    void issueServerMaterial() throws IOException {
        serverEnvironment = new HashMap<>(Map.of(
                PREFIX + "_KEYSTORE_FILE", ca.serverKeyStore(dir.resolve("server.p12"), "server-pw").toString(),
                PREFIX + "_KEYSTORE_PASSWORD_FILE", secretFile("server-pw", "server-pw\n"),
                PREFIX + "_TRUSTSTORE_FILE", ca.trustStore(dir.resolve("server-trust.p12"), "trust-pw").toString(),
                PREFIX + "_TRUSTSTORE_PASSWORD_FILE", secretFile("server-trust-pw", "trust-pw")));
    }

    @AfterEach
    void stopServer() {
        executor.shutdownNow();
    }

    @Test
    void mutualTls13HandshakeSucceedsOverLoopback() throws Exception {
        TlsContext server = serverContext(serverEnvironment);
        TlsContext client = clientContext(ca.clientKeyStore(dir.resolve("device.p12"), "CN=lumee-0001", "device-pw"), "device-pw");

        Accepted accepted = exchange(server, client);

        assertThat(accepted).isEqualTo(new Accepted("TLSv1.3", "CN=lumee-0001"));
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        TlsContext server = serverContext(serverEnvironment);
        TlsContext client = TlsContext.create(TlsSettings.client(new ConfigReader(Map.of(
                PREFIX + "_TRUSTSTORE_FILE", ca.trustStore(dir.resolve("client-trust.p12"), "trust-pw").toString(),
                PREFIX + "_TRUSTSTORE_PASSWORD_FILE", secretFile("client-trust-pw", "trust-pw"))), PREFIX));

        assertRefused(server, client);
    }

    @Test
    void clientCertificateFromAnotherAuthorityIsRefused() throws Exception {
        TlsContext server = serverContext(serverEnvironment);
        TestCertificates stranger = TestCertificates.authority("Someone Else's CA");
        TlsContext client = clientContext(stranger.clientKeyStore(dir.resolve("stranger.p12"), "CN=lumee-0001", "pw"), "pw");

        assertRefused(server, client);
    }

    @Test
    void tls12IsRefusedUnlessConfigured() throws Exception {
        Path clientStore = ca.clientKeyStore(dir.resolve("device.p12"), "CN=lumee-0002", "device-pw");
        Map<String, String> legacyClient = clientEnvironment(clientStore, "device-pw");
        legacyClient.put(PREFIX + "_PROTOCOLS", "TLSv1.2");
        TlsContext client = TlsContext.create(TlsSettings.client(new ConfigReader(legacyClient), PREFIX));

        assertRefused(serverContext(serverEnvironment), client);

        serverEnvironment.put(PREFIX + "_PROTOCOLS", "TLSv1.3, TLSv1.2");
        assertThat(exchange(serverContext(serverEnvironment), client)).isEqualTo(new Accepted("TLSv1.2", "CN=lumee-0002"));
    }

    @Test
    void protocolsOlderThanTls12AreNotConfigurable() {
        serverEnvironment.put(PREFIX + "_PROTOCOLS", "TLSv1.3,TLSv1.1");
        ConfigReader config = new ConfigReader(serverEnvironment);

        TlsSettings settings = TlsSettings.server(config, PREFIX, true);

        assertThat(config.errors()).containsExactly(PREFIX + "_PROTOCOLS: expected TLSv1.3 and/or TLSv1.2, got \"TLSv1.3,TLSv1.1\"");
        assertThat(settings.protocols()).containsExactly("TLSv1.3");
    }

    @Test
    void serverNeedingClientCertificatesNeedsATrustStore() {
        serverEnvironment.remove(PREFIX + "_TRUSTSTORE_FILE");
        ConfigReader config = new ConfigReader(serverEnvironment);

        TlsSettings.server(config, PREFIX, true);

        assertThat(config.errors()).containsExactly(
                PREFIX + "_TRUSTSTORE_FILE: expected a readable file, got nothing (it is required)");
    }

    @Test
    void wrongStorePasswordFailsToLoad() throws IOException {
        serverEnvironment.put(PREFIX + "_KEYSTORE_PASSWORD_FILE", secretFile("wrong", "not-the-password"));
        ConfigReader config = new ConfigReader(serverEnvironment);
        TlsSettings settings = TlsSettings.server(config, PREFIX, true);
        config.requireValid();

        assertThatThrownBy(() -> TlsContext.create(settings)).isInstanceOf(IOException.class);
    }

    private Accepted exchange(TlsContext server, TlsContext client) throws Exception {
        try (SSLServerSocket listener = listen(server)) {
            Future<Accepted> accepted = executor.submit(() -> {
                try (SSLSocket connection = (SSLSocket) listener.accept()) {
                    connection.startHandshake();
                    connection.getOutputStream().write(42);
                    return new Accepted(connection.getSession().getProtocol(), connection.getSession().getPeerPrincipal().getName());
                }
            });
            try (SSLSocket socket = connect(client, listener)) {
                assertThat(socket.getInputStream().read()).isEqualTo(42);
            }
            return accepted.get(10, TimeUnit.SECONDS);
        }
    }

    private void assertRefused(TlsContext server, TlsContext client) throws Exception {
        try (SSLServerSocket listener = listen(server)) {
            Future<?> accepted = executor.submit(() -> {
                try (SSLSocket connection = (SSLSocket) listener.accept()) {
                    connection.startHandshake();
                    connection.getOutputStream().write(42);
                }
                return null;
            });
            try (SSLSocket socket = connect(client, listener)) {
                // in TLS 1.3 the server checks the client's certificate after the client finished its part
                assertThatThrownBy(() -> {
                    socket.startHandshake();
                    socket.getInputStream().read();
                }).isInstanceOf(IOException.class);
            }
            assertThatThrownBy(() -> accepted.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SSLHandshakeException.class);
        }
    }

    private static SSLServerSocket listen(TlsContext server) throws IOException {
        SSLServerSocket listener = (SSLServerSocket) server.sslContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        listener.setSSLParameters(server.serverParameters());
        return listener;
    }

    private static SSLSocket connect(TlsContext client, SSLServerSocket listener) throws IOException {
        SSLSocket socket = (SSLSocket) client.sslContext().getSocketFactory().createSocket("127.0.0.1", listener.getLocalPort());
        socket.setSSLParameters(client.clientParameters());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private TlsContext serverContext(Map<String, String> environment) throws IOException, GeneralSecurityException {
        ConfigReader config = new ConfigReader(environment);
        TlsSettings settings = TlsSettings.server(config, PREFIX, true);
        config.requireValid();
        return TlsContext.create(settings);
    }

    private TlsContext clientContext(Path keyStore, String password) throws IOException, GeneralSecurityException {
        ConfigReader config = new ConfigReader(clientEnvironment(keyStore, password));
        TlsSettings settings = TlsSettings.client(config, PREFIX);
        config.requireValid();
        return TlsContext.create(settings);
    }

    private Map<String, String> clientEnvironment(Path keyStore, String password) throws IOException {
        return new HashMap<>(Map.of(
                PREFIX + "_KEYSTORE_FILE", keyStore.toString(),
                PREFIX + "_KEYSTORE_PASSWORD_FILE", secretFile(keyStore.getFileName() + "-pw", password),
                PREFIX + "_TRUSTSTORE_FILE", ca.trustStore(dir.resolve("client-trust.p12"), "trust-pw").toString(),
                PREFIX + "_TRUSTSTORE_PASSWORD_FILE", secretFile("client-trust-pw", "trust-pw")));
    }

    private String secretFile(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toString();
    }
}
