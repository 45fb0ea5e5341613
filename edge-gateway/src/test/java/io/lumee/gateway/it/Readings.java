package io.lumee.gateway.it;

import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.MasterSecret;
import io.lumee.protocol.Reading;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/** Signed readings for tests: HS256 with a fixed master secret, unique device ids per test. */
public final class Readings {

    private static final MasterSecret MASTER = MasterSecret.of(1, new byte[32]);

    private Readings() {}

    public static String newDeviceId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Reading reading(String deviceId, long sequence) {
        return new Reading(deviceId, 7, sequence, Instant.now().truncatedTo(ChronoUnit.MILLIS), 42.5, "%", 0.9, "1.3.0", "fw-2.4.1");
    }

    public static String signed(String deviceId, long sequence) {
        return JwsSigner.hs256(MASTER, deviceId).sign(reading(deviceId, sequence));
    }

    public static List<String> signedBatch(String deviceId, int count) {
        return IntStream.range(0, count).mapToObj(i -> signed(deviceId, (long) i)).toList();
    }
}
