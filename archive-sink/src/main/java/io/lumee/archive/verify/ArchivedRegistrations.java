package io.lumee.archive.verify;

import io.lumee.protocol.RegisteredKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * Every signing key each device was ever registered with, from the archived {@code lumee.devices} (compaction
 * keeps only the last version in Kafka; the archive keeps them all), so a reading signed years ago verifies
 * with the key it was signed with.
 */
final class ArchivedRegistrations {
    private final Map<String, List<RegisteredKey>> keys = new HashMap<>();

    void add(GenericRecord registration) {
        String deviceId = registration.get("deviceId").toString();
        Object jwk = registration.get("publicKeyJwk");
        try {
            RegisteredKey key = RegisteredKey.of(deviceId, registration.get("alg").toString(), jwk == null ? null : jwk.toString());
            List<RegisteredKey> deviceKeys = keys.computeIfAbsent(deviceId, id -> new ArrayList<>());
            if (!deviceKeys.contains(key)) {
                deviceKeys.add(0, key);  // newest first: the likeliest signer of a recent reading
            }
        } catch (IllegalArgumentException unusable) {
            // a registration without a usable key (UNKNOWN alg) verifies nothing
        }
    }

    /** Newest first; empty for a device never registered with a usable key. */
    List<RegisteredKey> keys(String deviceId) {
        return keys.getOrDefault(deviceId, List.of());
    }
}
