package io.lumee.hl7bridge.testing;

import io.lumee.hl7bridge.BridgeConfig;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.mllp.MllpServer;
import io.lumee.testkit.tls.CertificateSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The {@code LUMEE_HL7_DEST_<NAME>_*} variables pointing a destination at a test EHR, plain or mutual TLS. */
public final class EhrDestinations {
    private EhrDestinations() {
    }

    public static Map<String, String> environment(String name, MllpServer ehr, Path dir) throws Exception {
        String prefix = BridgeConfig.prefixOf(name);
        Map<String, String> env = new HashMap<>();
        env.put(prefix + "_ADDRESS", ehr.host() + ":" + ehr.port());
        if (!ehr.isTls()) {
            env.put(prefix + "_TRANSPORT", "PLAIN");
            return env;
        }
        Path password = Files.writeString(dir.resolve(name + "-store-password"), "mllp-" + name);
        char[] chars = ("mllp-" + name).toCharArray();
        env.put(prefix + "_TRANSPORT", "MTLS");
        env.put(prefix + "_TLS_KEYSTORE_FILE", TestServers.ca().issue(CertificateSpec.client("hl7-bridge"))
                .writePkcs12(dir.resolve(name + "-client.p12"), chars).toString());
        env.put(prefix + "_TLS_KEYSTORE_PASSWORD_FILE", password.toString());
        env.put(prefix + "_TLS_TRUSTSTORE_FILE", TestServers.ca().writeTrustStore(dir.resolve(name + "-trust.p12"), chars).toString());
        env.put(prefix + "_TLS_TRUSTSTORE_PASSWORD_FILE", password.toString());
        return env;
    }
}
