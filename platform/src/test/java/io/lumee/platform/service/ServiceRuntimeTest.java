package io.lumee.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.platform.config.ConfigException;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.Secret;
import io.lumee.platform.logging.StdoutCapture;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceRuntimeTest {

    /** A service's own config, as its Main would define it. */
    private record SinkConfig(int batchSize, Secret apiKey) {
        static SinkConfig from(ConfigReader config) {
            return new SinkConfig(config.intValue("LUMEE_SINK_BATCH", 50, 1, 1000), config.secret("LUMEE_SINK_API_KEY_FILE"));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> closed = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @Test
    void badConfigIsRefusedWithEveryErrorBeforeAnythingStarts() {
        AtomicBoolean wired = new AtomicBoolean();
        ConfigReader config = new ConfigReader(Map.of("LUMEE_SINK_BATCH", "0", "LUMEE_MANAGEMENT_PORT", "http"));

        assertThatThrownBy(() -> ServiceRuntime.start("sink", config, SinkConfig::from, (sink, runtime) -> wired.set(true)))
                .isInstanceOfSatisfying(ConfigException.class, refused -> assertThat(refused.errors()).containsExactly(
                        "LUMEE_SINK_BATCH: expected an integer in 1..1000, got \"0\"",
                        "LUMEE_SINK_API_KEY_FILE: expected a file holding a non-empty secret, got nothing (it is required)",
                        "LUMEE_MANAGEMENT_PORT: expected an integer in 0..65535, got \"http\""));
        assertThat(wired).isFalse();
    }

    @Test
    void runningServiceAnswersProbesUntilShutdownClosesItsParts() throws Exception {
        AtomicBoolean connected = new AtomicBoolean();
        AtomicReference<SinkConfig> received = new AtomicReference<>();
        ServiceRuntime runtime = ServiceRuntime.start("sink", new ConfigReader(validEnvironment()), SinkConfig::from, (sink, rt) -> {
            received.set(sink);
            rt.closeOnShutdown("consumer", () -> closed.add("consumer"));
            rt.closeOnShutdown("poller", () -> closed.add("poller"));
            rt.readiness().register("kafka", connected::get);
            rt.meters().counter("lumee_sink_requests_total", "sink", "fhir", "status", "201").increment();
        });

        assertThat(received.get().batchSize()).isEqualTo(20);
        assertThat(received.get().apiKey().text()).isEqualTo("k3y");
        assertThat(get(runtime, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(runtime, "/readyz").body()).isEqualTo("not ready: kafka\n");
        connected.set(true);
        assertThat(get(runtime, "/readyz").statusCode()).isEqualTo(200);
        assertThat(get(runtime, "/metrics").body()).contains("lumee_sink_requests_total{sink=\"fhir\",status=\"201\"} 1.0", "jvm_memory_used_bytes");

        runtime.shutdown();
        runtime.awaitShutdown();

        assertThat(closed).containsExactly("poller", "consumer");
        assertThatThrownBy(() -> get(runtime, "/healthz")).isInstanceOf(ConnectException.class);
    }

    @Test
    void effectiveConfigIsLoggedOnceWithSecretsMasked() throws Exception {
        AtomicReference<ServiceRuntime> runtime = new AtomicReference<>();

        String stdout = StdoutCapture.during(() ->
                runtime.set(ServiceRuntime.start("sink", new ConfigReader(validEnvironment()), SinkConfig::from, (sink, rt) -> { })));
        runtime.get().shutdown();

        JsonNode effective = stdout.lines().map(ServiceRuntimeTest::json)
                .filter(line -> line.path("formattedMessage").asText().equals("effective config"))
                .findFirst().orElseThrow();
        assertThat(effective.path("kvpList").toString())
                .contains("{\"service\":\"sink\"}", "{\"LUMEE_SINK_BATCH\":\"20\"}", "{\"LUMEE_MANAGEMENT_HOST\":\"127.0.0.1\"}",
                        "{\"LUMEE_SHUTDOWN_TIMEOUT\":\"10s (default)\"}", "{\"LUMEE_SINK_API_KEY_FILE\":\"**** from ")
                .doesNotContain("k3y");
        assertThat(stdout).contains("LUMEE_SINK_TYPO");
    }

    @Test
    void failedWiringClosesWhatItHadRegistered() {
        assertThatThrownBy(() -> ServiceRuntime.start("sink", new ConfigReader(validEnvironment()), SinkConfig::from, (sink, rt) -> {
            rt.closeOnShutdown("producer", () -> closed.add("producer"));
            throw new IOException("FHIR server unreachable");
        })).hasMessage("FHIR server unreachable");

        assertThat(closed).containsExactly("producer");
    }

    private Map<String, String> validEnvironment() throws IOException {
        return Map.of(
                "LUMEE_MANAGEMENT_HOST", "127.0.0.1",
                "LUMEE_MANAGEMENT_PORT", "0",
                "LUMEE_SINK_BATCH", "20",
                "LUMEE_SINK_API_KEY_FILE", Files.writeString(dir.resolve("api-key"), "k3y\n").toString(),
                "LUMEE_SINK_TYPO", "1");
    }

    private HttpResponse<String> get(ServiceRuntime runtime, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + runtime.managementAddress().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException notJson) {
            throw new AssertionError("not a JSON line: " + line, notJson);
        }
    }
}
