package io.lumee.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumee.protocol.client.Batching;
import io.lumee.protocol.client.DeviceClient;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.tls.CertificateSpec;
import io.lumee.testkit.tls.IssuedCertificate;
import io.lumee.testkit.tls.TestCa;
import java.io.IOException;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Predicate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.Test;

/** Clients refused during the TLS handshake never reach HTTP, and each refusal is counted and audited. */
class HandshakeTest extends AgainstSharedGateway {
    @Test
    void clientWithoutCertificateIsRefusedAndAudited() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        assertRefused(gateway.client(null));

        AuditRecord audit = awaitHandshakeAudit(a -> "no-certificate".equals(a.getReason()) && !a.getAt().isBefore(before));
        assertThat(audit.getPeer()).startsWith("127.0.0.1:").doesNotContain("subject=");
        assertThat(gateway.metrics()).contains("lumee_tls_handshake_failures_total{reason=\"no-certificate\"}");
    }

    @Test
    void certificateFromAForeignCaIsRefusedAndAuditedWithItsSubject() throws Exception {
        String deviceId = Readings.newDeviceId("lumee");
        TestCa foreign = TestCa.create("Somebody Else's CA");

        assertRefused(clientOf(foreign.issueDevice(deviceId)));

        AuditRecord audit = awaitHandshakeAudit(a -> a.getPeer() != null && a.getPeer().contains("urn:lumee:device:" + deviceId));
        assertThat(audit.getReason()).isEqualTo("untrusted-issuer");
        assertThat(audit.getPeer()).startsWith("127.0.0.1:").contains("subject=CN=device " + deviceId);
        assertThat(gateway.metrics()).contains("lumee_tls_handshake_failures_total{reason=\"untrusted-issuer\"}");
    }

    @Test
    void expiredCertificateIsRefusedAndAudited() throws Exception {
        String deviceId = Readings.newDeviceId("lumee");

        assertRefused(gateway.client(TestServers.ca().issue(CertificateSpec.device(deviceId).expired())));

        AuditRecord audit = awaitHandshakeAudit(a -> a.getPeer() != null && a.getPeer().contains("urn:lumee:device:" + deviceId));
        assertThat(audit.getReason()).isEqualTo("expired");
        assertThat(gateway.metrics()).contains("lumee_tls_handshake_failures_total{reason=\"expired\"}");
    }

    @Test
    void tls12IsRefusedByDefault() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        DeviceClient tls12 = DeviceClient.builder(gateway.uri(), gateway.tls(TestServers.ca().issueDevice(Readings.newDeviceId("lumee"))))
                .protocols("TLSv1.2").build();

        assertRefused(tls12);

        assertThat(awaitHandshakeAudit(a -> "protocol".equals(a.getReason()) && !a.getAt().isBefore(before))).isNotNull();
    }

    /**
     * A client that presents its certificate whatever CAs the server names: the JDK's own key manager
     * would send none for a foreign CA (it is then a no-certificate refusal), other TLS stacks send it.
     */
    private static DeviceClient clientOf(IssuedCertificate certificate) throws Exception {
        KeyManager presenting = new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
                return "device";
            }

            @Override
            public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
                return "device";
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return new X509Certificate[] {certificate.certificate(), certificate.issuer()};
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return certificate.privateKey();
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"device"};
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }
        };
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(TestServers.ca().trustStore());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new KeyManager[] {presenting}, trust.getTrustManagers(), null);
        return DeviceClient.builder(gateway.uri(), tls).build();
    }

    private static void assertRefused(DeviceClient client) {
        assertThatThrownBy(() -> client.post(List.of(Readings.signed("lumee-refused", 0)), Batching.JOSE, false))
                .isInstanceOf(IOException.class);
    }

    private static AuditRecord awaitHandshakeAudit(Predicate<AuditRecord> which) {
        List<AuditRecord> found = pipeline.awaitAudit(a -> a.getAction() == AuditAction.TLS_HANDSHAKE_FAILED && which.test(a), 1)
                .stream().map(r -> r.value()).toList();
        assertThat(found).isNotEmpty();
        return found.get(0);
    }
}
