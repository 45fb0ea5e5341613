package io.lumee.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.cli.device.Operator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaCommandTest {

    @Test
    void initWritesTheKeyOwnerOnlyAndATrustStoreForTheGateway() throws Exception {
        Operator operator = Operator.shared();
        Path ca = operator.dir().resolve("ca");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("ca.p12")))).isEqualTo("rw-------");
        X509Certificate root = (X509Certificate) load(ca.resolve("truststore.p12"), "trust-secret").getCertificate("lumee-ca");
        assertThat(root.getBasicConstraints()).isZero();
        assertThat(root.getSubjectX500Principal().getName()).contains("CN=Lumee Device CA");
        assertThat(Files.readString(ca.resolve("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void secondInitIsRefusedAndChangesNothing() throws Exception {
        Operator operator = Operator.shared();
        Path ca = operator.dir().resolve("ca");
        byte[] before = Files.readAllBytes(ca.resolve("ca.p12"));

        Operator.Run run = operator.run("ca", "init", "--dir", ca.toString(), "--password-file", operator.dir().resolve("ca-password").toString(),
                "--truststore-password-file", operator.dir().resolve("trust-password").toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("exists");
        assertThat(Files.readAllBytes(ca.resolve("ca.p12"))).isEqualTo(before);
    }

    @Test
    void serverCertificateIsIssuedByTheCaForItsNames() throws Exception {
        Operator operator = Operator.shared();
        Path out = operator.dir().resolve("edge.p12");
        List<String> args = new ArrayList<>(List.of("ca", "server-cert", "--name", "edge.example.org", "--dns", "edge.example.org",
                "--ip", "127.0.0.1", "--out", out.toString(), "--store-password-file", operator.storePassword().toString()));
        args.addAll(operator.caFlags());

        Operator.Run run = operator.run(args.toArray(String[]::new));

        assertThat(run.status()).as(run.err()).isZero();
        KeyStore store = load(out, "store-secret");
        X509Certificate server = (X509Certificate) store.getCertificate("lumee");
        X509Certificate root = (X509Certificate) store.getCertificateChain("lumee")[1];
        server.verify(root.getPublicKey());
        assertThat(server.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1)).contains("edge.example.org", "127.0.0.1");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
