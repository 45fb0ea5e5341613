package io.lumee.cli.ca;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The Lumee CA: a P-256 key and a self-signed CA certificate, kept as {@code ca.p12} (0600, password
 * from a file) in the CA folder, with {@code ca.crt} (PEM) and {@code truststore.p12} (the certificate
 * alone, for the gateway's trust store) beside it. It issues device and gateway client certificates
 * (identity in a subjectAltName URI) and server certificates.
 */
public final class CertificateAuthority {

    public static final String KEY_STORE = "ca.p12";
    public static final String CERTIFICATE = "ca.crt";
    public static final String TRUST_STORE = "truststore.p12";
    private static final String ALIAS = "lumee";
    private static final SecureRandom RANDOM = new SecureRandom();
    // ECDSA P-256 with SHA-256: what every TLS stack and device crypto library verifies
    private static final String SIGNATURE = "SHA256withECDSA";

    private final PrivateKey key;
    private final X509Certificate certificate;

    private CertificateAuthority(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** Creates the CA's files in {@code dir}; refuses if any exists. */
    public static CertificateAuthority init(Path dir, String name, Duration validity, char[] password, char[] trustStorePassword)
            throws IOException, GeneralSecurityException {
        KeyPair keys = p256();
        X500Name subject = name(name);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(validity)), subject, keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        // path length 0: this CA signs end-entity certificates only
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
        X509Certificate certificate = sign(builder, keys.getPrivate());
        for (String file : List.of(KEY_STORE, CERTIFICATE, TRUST_STORE)) {
            if (Files.exists(dir.resolve(file))) {
                throw new IOException(dir.resolve(file) + " exists: a CA is initialized once; refusing to overwrite it");
            }
        }
        PrivateFiles.write(dir.resolve(KEY_STORE), pkcs12(keys.getPrivate(), new X509Certificate[] {certificate}, password));
        PrivateFiles.writePublic(dir.resolve(CERTIFICATE), pem(certificate).getBytes(StandardCharsets.US_ASCII));
        PrivateFiles.writePublic(dir.resolve(TRUST_STORE), trustStore(certificate, trustStorePassword));
        return new CertificateAuthority(keys.getPrivate(), certificate);
    }

    public static CertificateAuthority load(Path dir, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(KEY_STORE))) {
            store.load(in, password);
        }
        return new CertificateAuthority((PrivateKey) store.getKey(ALIAS, password), (X509Certificate) store.getCertificate(ALIAS));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A client certificate whose only identity is {@code uri} ({@code urn:lumee:device:<id>} or {@code urn:lumee:gateway:<id>}). */
    public Issued issueClient(String commonName, String uri, Duration validity) throws GeneralSecurityException, IOException {
        return issue(commonName, new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)),
                new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, validity);
    }

    /** A TLS server certificate for these DNS names and IP addresses. */
    public Issued issueServer(String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity)
            throws GeneralSecurityException, IOException {
        GeneralName[] names = new GeneralName[dnsNames.size() + ipAddresses.size()];
        int i = 0;
        for (String dns : dnsNames) {
            names[i++] = new GeneralName(GeneralName.dNSName, dns);
        }
        for (String ip : ipAddresses) {
            names[i++] = new GeneralName(GeneralName.iPAddress, ip);
        }
        return issue(commonName, new GeneralNames(names), new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}, validity);
    }

    private Issued issue(String commonName, GeneralNames names, KeyPurposeId[] purposes, Duration validity)
            throws GeneralSecurityException, IOException {
        KeyPair keys = p256();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(validity)), name(commonName), keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
        builder.addExtension(Extension.subjectAlternativeName, false, names);
        return new Issued(keys.getPrivate(), sign(builder, key), certificate);
    }

    /** A key with its certificate and the CA certificate, to be written as one PKCS#12. */
    public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate issuer) {
        public Path writePkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
            return PrivateFiles.write(file, pkcs12(key, new X509Certificate[] {certificate, issuer}, password));
        }
    }

    private static byte[] pkcs12(PrivateKey key, X509Certificate[] chain, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, key, password, chain);
        return bytes(store, password);
    }

    private static byte[] trustStore(X509Certificate certificate, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("lumee-ca", certificate);
        return bytes(store, password);
    }

    private static byte[] bytes(KeyStore store, char[] password) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    static String pem(Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private static KeyPair p256() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with the CA key", e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Lumee").addRDN(BCStyle.CN, commonName).build();
    }

    // 127 random bits, positive and non-zero: RFC 5280 wants unique serials of at most 20 octets
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
