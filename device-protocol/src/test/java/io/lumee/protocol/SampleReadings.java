package io.lumee.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;

/** The design document's example reading, as a value and as the JSON a device writes. */
final class SampleReadings {

    static final String JSON = "{\"deviceId\":\"lumee-0001\",\"epoch\":0,\"sequence\":1842,"
            + "\"timestamp\":\"2026-01-18T14:32:12.345Z\",\"tissueO2\":42.5,\"units\":\"%\","
            + "\"signalQuality\":0.92,\"sdkVersion\":\"1.3.0\",\"firmware\":\"fw-2.4.1\"}";

    private SampleReadings() {}

    static Reading reading() {
        return reading("lumee-0001");
    }

    static Reading reading(String deviceId) {
        return new Reading(deviceId, 0, 1842, Instant.parse("2026-01-18T14:32:12.345Z"), 42.5, "%", 0.92,
                "1.3.0", "fw-2.4.1");
    }

    static byte[] json() {
        return JSON.getBytes(StandardCharsets.UTF_8);
    }

    /** The example with one member's raw JSON value replaced, e.g. {@code with("epoch", "-1")}. */
    static byte[] with(String member, String rawValue) {
        return JSON.replaceFirst(memberPattern(member), Matcher.quoteReplacement("\"" + member + "\":" + rawValue))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The example without one member. */
    static byte[] without(String member) {
        return JSON.replaceFirst(",?" + memberPattern(member), "").replace("{,", "{")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String memberPattern(String member) {
        if (!JSON.contains("\"" + member + "\":")) {
            throw new IllegalArgumentException("no member " + member + " in the sample");
        }
        return "\"" + member + "\":(\"[^\"]*\"|[^,}]*)";
    }
}
