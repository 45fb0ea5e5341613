package io.lumee.clinical;

/**
 * What the mappings need from the device's registration. A clinical-owned value rather than the
 * Avro {@code DeviceRegistration}: the mappings need two facts, not the key material and
 * assignment history, and this keeps the module free of Avro and of schema evolution.
 *
 * @param facility the facility the device belongs to; the HL7 receiving facility (MSH-6)
 * @param udi the device's UDI, or null when none is registered or it could not be read
 */
public record DeviceFacts(String facility, Udi udi) {

    public DeviceFacts {
        TextRules.requireText(facility, "device facility", 64);
    }
}
