package io.lumee.gateway.identity;

import io.lumee.schemas.DeviceStatus;
import java.util.Optional;

/**
 * Who may post for a device:
 * <ul>
 *   <li>a device certificate, for that device only, unless its registration is not ACTIVE. A device
 *       not registered yet is let in: the certificate was issued to it by our CA, and the processor
 *       holds readings of unregistered devices as orphans until the registration arrives (or expires
 *       them as UNKNOWN_DEVICE), so nothing unvetted reaches a hospital;</li>
 *   <li>a gateway certificate, for an ACTIVE device whose registration lists that gateway. An
 *       unregistered device is refused: a gateway's right to a device exists only in the device's
 *       registration, so there is nothing to check it against, and letting it in would let any
 *       gateway post under any deviceId;</li>
 *   <li>nobody else.</li>
 * </ul>
 */
public final class AccessPolicy {

    private final DeviceDirectory directory;

    public AccessPolicy(DeviceDirectory directory) {
        this.directory = directory;
    }

    public Access decide(ClientIdentity identity, String deviceId) {
        Optional<Registration> registration = directory.lookup(deviceId);
        if (identity instanceof ClientIdentity.Device device) {
            if (!device.id().equals(deviceId)) {
                return new Access.Denied("other-device", "a device certificate may post only its own readings");
            }
            return registration.map(r -> statusAccess(r, deviceId)).orElse(Access.GRANTED);
        }
        if (identity instanceof ClientIdentity.Gateway gateway) {
            if (registration.isEmpty()) {
                return new Access.Denied("unregistered-device",
                        "device " + deviceId + " is not registered, so no gateway may relay for it yet");
            }
            if (!registration.get().gatewayIds().contains(gateway.id())) {
                return new Access.Denied("gateway-not-listed",
                        "gateway " + gateway.id() + " is not listed in the registration of device " + deviceId);
            }
            return statusAccess(registration.get(), deviceId);
        }
        return new Access.Denied("no-identity", ((ClientIdentity.Unidentified) identity).why());
    }

    private static Access statusAccess(Registration registration, String deviceId) {
        DeviceStatus status = registration.status();
        return switch (status) {
            case ACTIVE -> Access.GRANTED;
            case REVOKED -> new Access.Denied("revoked", "device " + deviceId + " is revoked");
            case RETIRED -> new Access.Denied("retired", "device " + deviceId + " is retired");
            // UNKNOWN is a status this gateway cannot read; it fails closed
            default -> new Access.Denied("status-unknown", "device " + deviceId + " has a registration status this gateway does not know");
        };
    }
}
