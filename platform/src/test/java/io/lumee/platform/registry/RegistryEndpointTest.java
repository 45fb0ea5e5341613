package io.lumee.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.platform.config.ConfigReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryEndpointTest {

    @Test
    void defaultsPointAtTheEmbeddedRegistry() {
        ConfigReader config = new ConfigReader(Map.of());

        RegistryEndpoint endpoint = RegistryEndpoint.from(config);

        assertThat(endpoint.url()).isEqualTo("http://127.0.0.1:8081/apis/registry/v3");
        assertThat(endpoint.autoRegister()).isTrue();
        assertThat(config.errors()).isEmpty();
    }

    @Test
    void urlThatIsNotHttpIsReportedInOneLine() {
        ConfigReader config = new ConfigReader(Map.of("LUMEE_REGISTRY_URL", "registry:8081"));

        RegistryEndpoint.from(config);

        assertThat(config.errors()).containsExactly(
                "LUMEE_REGISTRY_URL: expected an http:// or https:// URL, got \"registry:8081\"");
    }
}
