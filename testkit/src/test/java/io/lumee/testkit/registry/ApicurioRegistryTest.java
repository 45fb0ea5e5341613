package io.lumee.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.testkit.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApicurioRegistryTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final ApicurioRegistry registry = TestServers.registry();

    @Test
    void runsInItsOwnJvmOnLoopback() {
        assertThat(registry.jvm().isAlive()).isTrue();
        assertThat(registry.jvm().pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(registry.ccompatUrl()).startsWith("http://127.0.0.1:");
    }

    @Test
    void registersAndServesASchemaThroughTheConfluentCompatibleApi() throws Exception {
        String subject = "testkit-" + UUID.randomUUID() + "-value";
        String schema = "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Ping\\\",\\\"fields\\\":[{\\\"name\\\":\\\"n\\\",\\\"type\\\":\\\"int\\\"}]}";

        HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(
                        URI.create(registry.ccompatUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"" + schema + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.body()).matches("\\{\"id\":\\d+}");

        HttpResponse<String> latest = HTTP.send(HttpRequest.newBuilder(
                        URI.create(registry.ccompatUrl() + "/subjects/" + subject + "/versions/latest")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(latest.body()).contains("Ping");
    }
}
