package io.lumee.processor.patient;

import io.lumee.processor.rules.HoldReason;
import io.lumee.processor.rules.Verdict;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.PatientAssignment;
import io.lumee.schemas.RejectionReason;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Step 8: the patient, and the consent, in force at the reading's device time, from the registration's
 * full assignment history, so a late reading of a reassigned device maps to the patient it was on. No
 * assignment covering that time holds the reading as an orphan.
 */
public final class PatientAssignmentLookup {
    private final boolean consentRequired;

    public PatientAssignmentLookup(boolean consentRequired) {
        this.consentRequired = consentRequired;
    }

    public Verdict<PatientAssignment> lookup(DeviceRegistration registration, Instant deviceTime) {
        Optional<PatientAssignment> inForce = registration.getAssignments().stream()
                .filter(a -> !a.getFrom().isAfter(deviceTime))
                .filter(a -> a.getTo() == null || deviceTime.isBefore(a.getTo()))
                // overlapping assignments are an operator's mistake; the latest one is the likely correction
                .max(Comparator.comparing(PatientAssignment::getFrom));
        if (inForce.isEmpty()) {
            return Verdict.hold(HoldReason.NO_PATIENT);
        }
        if (consentRequired && inForce.get().getConsentRef() == null) {
            return Verdict.reject(RejectionReason.NO_CONSENT, "no consent recorded for the assignment in force");
        }
        return Verdict.pass(inForce.get());
    }
}
