package io.lumee.protocol;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Signs readings as compact JWS for one device and key: what a device, the reference client and
 * the simulator do. The payload is the given bytes exactly, and the protected header is exactly
 * {@code {"alg":...,"kid":...}}, written here rather than by nimbus so its bytes are fixed.
 * Thread-safe.
 */
public final class JwsSigner {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final JwsHeader header;
    private final String encodedHeader;
    private final JWSSigner signer;

    private JwsSigner(JwsHeader header, JWSSigner signer) {
        this.header = header;
        this.encodedHeader = BASE64URL.encodeToString(header.toJson());
        this.signer = signer;
    }

    /** HS256 with the device key derived from this master secret, {@code kid} {@code hkdf:<version>}. */
    public static JwsSigner hs256(MasterSecret master, String deviceId) {
        return hs256(master.version(), master.deviceKey(deviceId));
    }

    /** HS256 as a device does it, holding only its provisioned 32-byte key and the master version it came from. */
    public static JwsSigner hs256(int masterVersion, byte[] deviceKey) {
        if (deviceKey.length != MasterSecret.LENGTH) {
            throw new IllegalArgumentException("an HS256 device key is " + MasterSecret.LENGTH + " bytes, this is "
                    + deviceKey.length);
        }
        try {
            return new JwsSigner(new JwsHeader(JwsAlgorithm.HS256, MasterSecret.kid(masterVersion)),
                    new MACSigner(deviceKey.clone()));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("HS256 device key refused", e);
        }
    }

    /** ES256 with the device's private P-256 JWK; {@code kid} is the JWK's. */
    public static JwsSigner es256(ECKey privateJwk) {
        Es256Jwk.requireSigningKey(privateJwk);
        try {
            return new JwsSigner(new JwsHeader(JwsAlgorithm.ES256, privateJwk.getKeyID()), new ECDSASigner(privateJwk));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("ES256 JWK " + privateJwk.getKeyID() + " refused", e);
        }
    }

    /**
     * Any bytes, as the device wrote them: devices write their own JSON and this must not touch it.
     * ES256 signatures come out as the JWS raw {@code r||s}, not DER.
     */
    public String sign(byte[] payload) {
        String signingInput = encodedHeader + "." + BASE64URL.encodeToString(payload);
        try {
            return signingInput + "." + signer.sign(header.toNimbus(), signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with " + header + " failed", e);
        }
    }

    public String sign(Reading reading) {
        return sign(reading.toJson());
    }

    public JwsHeader header() {
        return header;
    }

    @Override
    public String toString() {
        return "JwsSigner[" + header + "]";
    }
}
