package io.lumee.testkit.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a test certificate should say. Identities travel as SAN URIs ({@code urn:lumee:device:<id>},
 * {@code urn:lumee:gateway:<id>}), which is what the edge-gateway binds readings to.
 */
public record CertificateSpec(
        String commonName,
        List<String> uris,
        List<String> dnsNames,
        List<String> ipAddresses,
        KeyAlgorithm keyAlgorithm,
        Instant notBefore,
        Instant notAfter,
        boolean serverAuth) {

    private static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);

    public CertificateSpec {
        Objects.requireNonNull(commonName, "commonName");
        uris = List.copyOf(uris);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        if (!notBefore.isBefore(notAfter)) {
            throw new IllegalArgumentException("notBefore must precede notAfter");
        }
    }

    /** A server certificate for 127.0.0.1 and localhost, usable for client authentication too (Kafka brokers). */
    public static CertificateSpec server(String commonName) {
        return of(commonName, List.of(), List.of("localhost"), List.of("127.0.0.1"), true);
    }

    public static CertificateSpec device(String deviceId) {
        return of("device " + deviceId, List.of("urn:lumee:device:" + deviceId), List.of(), List.of(), false);
    }

    public static CertificateSpec gateway(String gatewayId) {
        return of("gateway " + gatewayId, List.of("urn:lumee:gateway:" + gatewayId), List.of(), List.of(), false);
    }

    /** A client certificate for a service (a Kafka client, a sink) that carries no device identity. */
    public static CertificateSpec client(String commonName) {
        return of(commonName, List.of(), List.of(), List.of(), false);
    }

    private static CertificateSpec of(String cn, List<String> uris, List<String> dns, List<String> ips, boolean server) {
        Instant now = Instant.now();
        return new CertificateSpec(cn, uris, dns, ips, KeyAlgorithm.EC_P256,
                now.minus(Duration.ofHours(1)), now.plus(DEFAULT_LIFETIME), server);
    }

    /** The same certificate, already expired a day ago. */
    public CertificateSpec expired() {
        Instant now = Instant.now();
        return validBetween(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    }

    public CertificateSpec validBetween(Instant from, Instant to) {
        return new CertificateSpec(commonName, uris, dnsNames, ipAddresses, keyAlgorithm, from, to, serverAuth);
    }

    public CertificateSpec withKey(KeyAlgorithm algorithm) {
        return new CertificateSpec(commonName, uris, dnsNames, ipAddresses, algorithm, notBefore, notAfter, serverAuth);
    }
}
