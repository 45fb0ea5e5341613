package io.lumee.processor.signature;

import io.lumee.processor.rules.Verdict;
import io.lumee.protocol.JwsFailure;
import io.lumee.protocol.JwsVerifier;
import io.lumee.protocol.Reading;
import io.lumee.protocol.RegisteredKey;
import io.lumee.protocol.Verification;
import io.lumee.protocol.VerifiedJws;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.RejectionReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 3: the JWS verifies with the key the registration names, and every typed field of the record
 * equals the signed payload's, so nothing downstream trusts an unsigned field.
 */
public final class SignatureCheck {
    private final JwsVerifier verifier;

    public SignatureCheck(JwsVerifier verifier) {
        this.verifier = verifier;
    }

    public Verdict<Reading> check(LumeeReading record, DeviceRegistration registration) {
        RegisteredKey key;
        try {
            key = RegisteredKey.of(registration.getDeviceId(), registration.getAlg().name(),
                    registration.getPublicKeyJwk());
        } catch (IllegalArgumentException unusable) {
            return Verdict.reject(RejectionReason.SIGNATURE, "registration has no usable key: " + unusable.getMessage());
        }
        Verification verification = verifier.verify(record.getJws(), key);
        if (verification instanceof JwsFailure failure) {
            return Verdict.reject(reasonFor(failure), failure.reason() + ": " + failure.detail());
        }
        Reading signed = ((VerifiedJws) verification).reading();
        List<String> differing = differingFields(record, signed);
        if (!differing.isEmpty()) {
            return Verdict.reject(RejectionReason.SIGNATURE,
                    "typed fields differ from the signed payload: " + String.join(", ", differing));
        }
        return Verdict.pass(signed);
    }

    /** A JWS that is not one, or an authentic payload of the wrong shape, is bad input, not a forgery. */
    private static RejectionReason reasonFor(JwsFailure failure) {
        return failure.reason() == JwsFailure.Reason.MALFORMED || failure.reason() == JwsFailure.Reason.PAYLOAD_SHAPE
                ? RejectionReason.SCHEMA
                : RejectionReason.SIGNATURE;
    }

    private static List<String> differingFields(LumeeReading record, Reading signed) {
        List<String> differing = new ArrayList<>();
        compare(differing, "deviceId", record.getDeviceId(), signed.deviceId());
        compare(differing, "epoch", record.getEpoch(), signed.epoch());
        compare(differing, "sequence", record.getSequence(), signed.sequence());
        compare(differing, "deviceTime", record.getDeviceTime().toEpochMilli(), signed.timestamp().toEpochMilli());
        compare(differing, "tissueO2", record.getTissueO2(), signed.tissueO2());
        compare(differing, "units", record.getUnits(), signed.units());
        compare(differing, "signalQuality", record.getSignalQuality(), signed.signalQuality());
        compare(differing, "sdkVersion", record.getSdkVersion(), signed.sdkVersion());
        compare(differing, "firmware", record.getFirmware(), signed.firmware());
        return differing;
    }

    private static void compare(List<String> differing, String field, Object typed, Object signed) {
        if (!typed.equals(signed)) {
            differing.add(field);
        }
    }
}
