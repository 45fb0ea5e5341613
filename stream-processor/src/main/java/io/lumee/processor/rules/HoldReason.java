package io.lumee.processor.rules;

import io.lumee.schemas.RejectionReason;

/** Why a reading waits as an orphan, and the reason code it gets if its hold expires. */
public enum HoldReason {
    /** No registration for the device yet: its signature cannot even be checked. */
    NO_REGISTRATION(RejectionReason.UNKNOWN_DEVICE),
    /** Registered and verified, but no patient assignment covers the reading's device time. */
    NO_PATIENT(RejectionReason.NO_PATIENT);

    private final RejectionReason onExpiry;

    HoldReason(RejectionReason onExpiry) {
        this.onExpiry = onExpiry;
    }

    public RejectionReason onExpiry() {
        return onExpiry;
    }
}
