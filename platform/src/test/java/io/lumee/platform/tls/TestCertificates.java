package io.lumee.platform.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA issuing P-256 certificates for 127.0.0.1, written as PKCS12 files the way operators mount them. */
final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(1);

    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;

    private TestCertificates(String name) throws IOException, GeneralSecurityException, OperatorCreationException {
        this.name = name;
        this.caKeys = newKeyPair();
        X509v3CertificateBuilder builder = builder(new X500Name("CN=" + name), caKeys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.caCertificate = sign(builder);
    }

    static TestCertificates authority(String name) {
        try {
            return new TestCertificates(name);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key store holding a server certificate for 127.0.0.1 and localhost. */
    Path serverKeyStore(Path file, String password) {
        return keyStore(file, password, "CN=localhost", KeyPurposeId.id_kp_serverAuth, true);
    }

    /** A key store holding a client certificate, as a device or a Kafka client presents. */
    Path clientKeyStore(Path file, String subject, String password) {
        return keyStore(file, password, subject, KeyPurposeId.id_kp_clientAuth, false);
    }

    /** A trust store holding this CA only. */
    Path trustStore(Path file, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(name, caCertificate);
            return write(store, file, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path keyStore(Path file, String password, String subject, KeyPurposeId purpose, boolean loopbackNames) {
        try {
            KeyPair keys = newKeyPair();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    caCertificate, BigInteger.valueOf(SERIAL.incrementAndGet()), validFrom(), validTo(), new X500Name(subject), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (loopbackNames) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", keys.getPrivate(), password.toCharArray(), new Certificate[] {sign(builder), caCertificate});
            return write(store, file, password);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name subject, KeyPair keys) {
        return new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(SERIAL.incrementAndGet()), validFrom(), validTo(), subject, keys.getPublic());
    }

    private X509Certificate sign(X509v3CertificateBuilder builder) throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    private static Path write(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static Date validFrom() {
        return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
    }

    private static Date validTo() {
        return Date.from(Instant.now().plus(Duration.ofDays(1)));
    }
}
