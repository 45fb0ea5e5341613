package io.lumee.processor.device;

import io.lumee.processor.rules.HoldReason;
import io.lumee.processor.rules.Verdict;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.RejectionReason;

/**
 * Step 2: only ACTIVE devices are heard. REVOKED, RETIRED and UNKNOWN (a status this version does not
 * know) fail closed; a device with no registration yet waits as an orphan.
 */
public final class DeviceCheck {
    private DeviceCheck() {}

    public static Verdict<DeviceRegistration> check(DeviceRegistration registration) {
        if (registration == null) {
            return Verdict.hold(HoldReason.NO_REGISTRATION);
        }
        if (registration.getStatus() != DeviceStatus.ACTIVE) {
            return Verdict.reject(RejectionReason.REVOKED_DEVICE, "device status is " + registration.getStatus());
        }
        return Verdict.pass(registration);
    }
}
