package io.lumee.hl7bridge.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The variables every bridge under test shares: quick timeouts and backoff, its own group and transactional id, a free management port. */
public final class BridgeEnvironment {
    private BridgeEnvironment() {
    }

    public static Map<String, String> of(String group, BridgeKafka kafka, Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(kafka.environment(dir));
        env.put("LUMEE_HL7_GROUP_ID", group);
        env.put("LUMEE_HL7_TRANSACTIONAL_ID", group);
        env.put("LUMEE_HL7_LANES", "4");
        env.put("LUMEE_HL7_ACK_TIMEOUT", "1s");
        env.put("LUMEE_HL7_CONNECT_TIMEOUT", "2s");
        env.put("LUMEE_MANAGEMENT_HOST", "127.0.0.1");
        env.put("LUMEE_MANAGEMENT_PORT", "0");
        env.put("LUMEE_LOG_LEVEL", "WARN");
        return env;
    }
}
