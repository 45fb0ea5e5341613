package io.lumee.archive.verify;

import io.lumee.protocol.JwsFailure;
import io.lumee.protocol.JwsVerifier;
import io.lumee.protocol.MasterSecrets;
import io.lumee.protocol.RegisteredKey;
import io.lumee.protocol.Verification;
import io.lumee.protocol.VerifiedJws;
import java.util.Optional;

/**
 * Re-verifies an archived reading's JWS as the processor did: with a key the device was registered with and,
 * for HS256, the master secret versions given (retired ones included: they verify, they sign nothing new).
 * The signed payload must be the reading the record says it is.
 */
final class ReadingSignatures {
    private final JwsVerifier verifier;
    private final ArchivedRegistrations registrations;

    ReadingSignatures(MasterSecrets masterSecrets, ArchivedRegistrations registrations) {
        this.verifier = new JwsVerifier(masterSecrets);
        this.registrations = registrations;
    }

    /** Whether any archived registration of the device carries a key to verify with. */
    boolean registered(String deviceId) {
        return !registrations.keys(deviceId).isEmpty();
    }

    /** Empty when authentic; otherwise why not, in one line without reading values. */
    Optional<String> failure(String readingId, String deviceId, String jws) {
        if (!registered(deviceId)) {
            return Optional.of("no archived registration of device " + deviceId + " has a usable key");
        }
        String failure = null;
        for (RegisteredKey key : registrations.keys(deviceId)) {
            Verification verification = verifier.verify(jws, key);
            if (verification instanceof VerifiedJws verified) {
                if (verified.reading().readingId().equals(readingId)) {
                    return Optional.empty();
                }
                failure = "the signed payload is reading " + verified.reading().readingId();
            } else if (failure == null) {
                JwsFailure refused = (JwsFailure) verification;
                failure = refused.reason() + ": " + refused.detail();
            }
        }
        return Optional.of(failure);
    }
}
