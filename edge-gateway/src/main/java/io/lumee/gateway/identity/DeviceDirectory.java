package io.lumee.gateway.identity;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory view of {@code lumee.devices}, updated by {@link DeviceFollower}, read by every request. */
public final class DeviceDirectory {

    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

    public Optional<Registration> lookup(String deviceId) {
        return Optional.ofNullable(registrations.get(deviceId));
    }

    /** A new version of a device's registration; {@code null} is a tombstone (the device was deleted). */
    public void apply(String deviceId, Registration registration) {
        if (registration == null) {
            registrations.remove(deviceId);
        } else {
            registrations.put(deviceId, registration);
        }
    }

    public int size() {
        return registrations.size();
    }
}
