package io.lumee.hl7bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.Setting;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.tls.CertificateSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/hl7-bridge.md documents exactly the settings the bridge reads (the platform's shared ones are documented there). */
class BridgeConfigDocTest {
    /** The first cell of a settings-table row. */
    private static final Pattern NAME = Pattern.compile("(?m)^\\| `(LUMEE_[A-Z0-9_<>]+)`");

    @Test
    void everySettingReadIsDocumentedAndEveryDocumentedSettingIsRead() throws Exception {
        // one destination with both stores, so every TLS setting is read
        Path dir = TempDirs.create("hl7-config-doc");
        Path password = Files.writeString(dir.resolve("password"), "secret");
        Map<String, String> env = Map.of(
                "LUMEE_HL7_DEST_EHR_TLS_KEYSTORE_FILE", TestServers.ca().issue(CertificateSpec.client("hl7-bridge"))
                        .writePkcs12(dir.resolve("client.p12"), "secret".toCharArray()).toString(),
                "LUMEE_HL7_DEST_EHR_TLS_KEYSTORE_PASSWORD_FILE", password.toString(),
                "LUMEE_HL7_DEST_EHR_TLS_TRUSTSTORE_FILE", TestServers.ca().writeTrustStore(dir.resolve("trust.p12"), "secret".toCharArray()).toString(),
                "LUMEE_HL7_DEST_EHR_TLS_TRUSTSTORE_PASSWORD_FILE", password.toString());
        ConfigReader config = new ConfigReader(env);

        BridgeConfig.from(config);
        TempDirs.deleteQuietly(dir);

        assertThat(config.errors()).isEmpty();
        Set<String> read = config.settings().stream().map(Setting::name)
                .filter(name -> !name.startsWith("LUMEE_KAFKA_"))
                .map(name -> name.replace(BridgeConfig.prefixOf("ehr"), BridgeConfig.DESTINATION_PREFIX + "<NAME>"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        Matcher matcher = NAME.matcher(Files.readString(Path.of("../docs/hl7-bridge.md")));
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }
        assertThat(documented).isEqualTo(read);
    }
}
