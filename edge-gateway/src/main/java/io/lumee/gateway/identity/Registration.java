package io.lumee.gateway.identity;

import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import java.util.Objects;
import java.util.Set;

/** What the gateway keeps of a device's registration: only what decides who may post for it. */
public record Registration(DeviceStatus status, Set<String> gatewayIds) {

    /** Stands for a registration that could not be read: UNKNOWN fails closed, as DESIGN.md says. */
    public static final Registration UNREADABLE = new Registration(DeviceStatus.UNKNOWN, Set.of());

    public Registration {
        Objects.requireNonNull(status, "status");
        gatewayIds = Set.copyOf(gatewayIds);
    }

    public static Registration of(DeviceRegistration registration) {
        return new Registration(registration.getStatus(), Set.copyOf(registration.getGatewayIds()));
    }
}
