package io.lumee.testkit.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

class TestCaTest {
    private static final char[] PASSWORD = "test".toCharArray();
    private final TestCa ca = TestCa.create("Lumee Test CA");

    @Test
    void deviceCertificateCarriesItsIdentityAsSanUri() throws Exception {
        X509Certificate device = ca.issueDevice("lumee-0001").certificate();

        assertThat(device.getSubjectAlternativeNames())
                .containsExactly(List.of(6, "urn:lumee:device:lumee-0001"));
        device.verify(ca.certificate().getPublicKey());
    }

    @Test
    void gatewayCertificateCarriesItsIdentityAsSanUri() throws Exception {
        X509Certificate gateway = ca.issueGateway("ward-7").certificate();

        assertThat(gateway.getSubjectAlternativeNames()).containsExactly(List.of(6, "urn:lumee:gateway:ward-7"));
    }

    @Test
    void mutualTls13HandshakeSucceedsBetweenCertificatesOfOneCa() throws Exception {
        String protocol = handshake(ca.issueServer("server"), ca.issueDevice("lumee-0001"), ca);

        assertThat(protocol).isEqualTo("TLSv1.3");
    }

    @Test
    void rsaCertificatesHandshakeToo() throws Exception {
        IssuedCertificate server = ca.issue(CertificateSpec.server("server").withKey(KeyAlgorithm.RSA_2048));

        assertThat(handshake(server, ca.issueGateway("ward-7"), ca)).isEqualTo("TLSv1.3");
    }

    @Test
    void clientFromForeignCaIsRefused() {
        TestCa foreign = TestCa.create("Foreign CA");
        IssuedCertificate intruder = foreign.issueDevice("lumee-0001");

        assertThatThrownBy(() -> handshake(ca.issueServer("server"), intruder, ca)).isInstanceOf(IOException.class);
    }

    @Test
    void expiredClientCertificateIsRefused() {
        IssuedCertificate expired = ca.issue(CertificateSpec.device("lumee-0001").expired());

        assertThat(expired.certificate().getNotAfter()).isBefore(new java.util.Date());
        assertThatThrownBy(() -> handshake(ca.issueServer("server"), expired, ca)).isInstanceOf(IOException.class);
    }

    /** Runs a TLS 1.3 handshake over 127.0.0.1 with client authentication required; returns the protocol. */
    private static String handshake(IssuedCertificate server, IssuedCertificate client, TestCa trusted)
            throws Exception {
        SSLContext serverContext = context(server, trusted);
        SSLContext clientContext = context(client, trusted);
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setEnabledProtocols(new String[] {"TLSv1.3"});
            CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept(); OutputStream out = accepted.getOutputStream()) {
                    out.write(42);
                    out.flush();
                } catch (IOException ignored) {
                    // the client sees the failure
                }
            });
            try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                socket.setEnabledProtocols(new String[] {"TLSv1.3"});
                socket.setSoTimeout(5_000);
                InputStream in = socket.getInputStream();
                // In TLS 1.3 the server judges the client certificate after the client's handshake
                // completes, so a refusal shows on the first read.
                if (in.read() != 42) {
                    throw new IOException("server closed the connection");
                }
                serverSide.get(5, TimeUnit.SECONDS);
                return socket.getSession().getProtocol();
            }
        }
    }

    private static SSLContext context(IssuedCertificate identity, TestCa trusted) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity.keyStore(PASSWORD), PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trustStore = trusted.trustStore();
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
