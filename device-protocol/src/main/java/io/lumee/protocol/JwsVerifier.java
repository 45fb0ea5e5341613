package io.lumee.protocol;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies reading JWSs against a device's registration. Failures are values: the processor routes
 * them to the DLQ. Thread-safe.
 */
public final class JwsVerifier {

    private final MasterSecrets masterSecrets;

    /** @param masterSecrets the versions HS256 kids may name; during a rotation, more than one */
    public JwsVerifier(MasterSecrets masterSecrets) {
        this.masterSecrets = Objects.requireNonNull(masterSecrets, "masterSecrets");
    }

    /**
     * In order: the compact form and header, the alg against the registered one, the kid, the
     * signature, then the payload's shape and deviceId. The signature comes before the shape so
     * that {@link JwsFailure.Reason#PAYLOAD_SHAPE} means an authentic device wrote a bad reading.
     */
    public Verification verify(String compactJws, RegisteredKey registered) {
        Objects.requireNonNull(registered, "registered");
        JwsDecoding decoded = CompactJws.decode(compactJws);
        if (decoded instanceof JwsFailure failure) {
            return failure;
        }
        CompactJws jws = (CompactJws) decoded;
        JwsHeader header = jws.header();
        if (header.algorithm() != registered.algorithm()) {
            return new JwsFailure(JwsFailure.Reason.ALGORITHM_MISMATCH, "alg " + header.algorithm()
                    + " but device " + registered.deviceId() + " is registered for " + registered.algorithm());
        }
        Optional<JWSVerifier> verifier = verifierFor(header, registered);
        if (verifier.isEmpty()) {
            return new JwsFailure(JwsFailure.Reason.UNKNOWN_KEY_ID, unknownKidDetail(header, registered));
        }
        if (!jws.signatureVerifiesWith(verifier.get())) {
            return new JwsFailure(JwsFailure.Reason.BAD_SIGNATURE,
                    "signature does not verify with the key of device " + registered.deviceId());
        }
        ReadingParse parse = ReadingParser.parse(jws.payload());
        if (parse instanceof ReadingParse.Invalid invalid) {
            return new JwsFailure(JwsFailure.Reason.PAYLOAD_SHAPE, invalid.summary());
        }
        Reading reading = ((ReadingParse.Valid) parse).reading();
        if (!reading.deviceId().equals(registered.deviceId())) {
            return new JwsFailure(JwsFailure.Reason.DEVICE_MISMATCH, "payload names device " + reading.deviceId()
                    + " but was signed with the key of device " + registered.deviceId());
        }
        return new VerifiedJws(header, jws.payload(), reading);
    }

    /** Empty when the kid names no key this device may use. */
    private Optional<JWSVerifier> verifierFor(JwsHeader header, RegisteredKey registered) {
        try {
            if (registered instanceof RegisteredKey.Es256 es256) {
                return header.kid().equals(es256.publicJwk().getKeyID())
                        ? Optional.of(new ECDSAVerifier(es256.publicJwk()))
                        : Optional.empty();
            }
            Optional<MasterSecret> master = masterSecrets.byKid(header.kid());
            if (master.isEmpty()) {
                return Optional.empty();
            }
            byte[] deviceKey = master.get().deviceKey(registered.deviceId());
            try {
                return Optional.of(new MACVerifier(deviceKey.clone()));
            } finally {
                Arrays.fill(deviceKey, (byte) 0);
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("a checked key was refused by nimbus", e);
        }
    }

    private String unknownKidDetail(JwsHeader header, RegisteredKey registered) {
        if (registered instanceof RegisteredKey.Es256) {
            return "kid " + CompactJws.echo(header.kid()) + " is not the kid of device " + registered.deviceId()
                    + "'s registered JWK";
        }
        return "kid " + CompactJws.echo(header.kid()) + " names no active master secret version (active: "
                + masterSecrets.kids() + ")";
    }
}
