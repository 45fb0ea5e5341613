package io.lumee.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumee.platform.config.ConfigException;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.Setting;
import io.lumee.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    private static final Path DOC = Path.of("..", "docs", "edge-gateway.md");
    private static final Pattern VARIABLE_ROW = Pattern.compile("^\\| `(LUMEE_[A-Z0-9_]+)`", Pattern.MULTILINE);

    @Test
    void docListsExactlyTheVariablesTheGatewayReads() throws Exception {
        ConfigReader config = new ConfigReader(files());
        GatewayConfig.from(config);
        Set<String> read = config.settings().stream().map(Setting::name)
                .filter(name -> !name.startsWith("LUMEE_KAFKA_"))
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> documented = new TreeSet<>();
        Matcher row = VARIABLE_ROW.matcher(Files.readString(DOC));
        while (row.find()) {
            documented.add(row.group(1));
        }

        assertThat(documented).isEqualTo(read);
    }

    @Test
    void badValuesAreRefusedOneLineEach() throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(files());
        environment.put("LUMEE_GATEWAY_PORT", "http");
        environment.put("LUMEE_GATEWAY_PRODUCE_TIMEOUT", "5m");
        environment.put("LUMEE_KAFKA_PROPERTY_DELIVERY_TIMEOUT_MS", "999999");
        ConfigReader config = new ConfigReader(environment);
        GatewayConfig.from(config);

        assertThatThrownBy(config::requireValid).isInstanceOfSatisfying(ConfigException.class, refused -> assertThat(refused.errors())
                .hasSize(3)
                .anySatisfy(line -> assertThat(line).startsWith("LUMEE_GATEWAY_PORT: expected an integer"))
                .anySatisfy(line -> assertThat(line).startsWith("LUMEE_GATEWAY_PRODUCE_TIMEOUT: expected a duration from 1s to 2m"))
                .anySatisfy(line -> assertThat(line).startsWith("LUMEE_KAFKA_PROPERTY_DELIVERY_TIMEOUT_MS: expected no override")));
    }

    private static Map<String, String> files() throws Exception {
        Path dir = TempDirs.create("gateway-config");
        String store = Files.writeString(dir.resolve("store.p12"), "x").toString();
        String password = Files.writeString(dir.resolve("password"), "secret").toString();
        return Map.of(
                "LUMEE_GATEWAY_TLS_KEYSTORE_FILE", store,
                "LUMEE_GATEWAY_TLS_KEYSTORE_PASSWORD_FILE", password,
                "LUMEE_GATEWAY_TLS_TRUSTSTORE_FILE", store,
                "LUMEE_GATEWAY_TLS_TRUSTSTORE_PASSWORD_FILE", password);
    }
}
