package io.lumee.platform.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManagementServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Readiness readiness = new Readiness();
    private ManagementServer server;

    @BeforeEach
    void start() throws IOException {
        server = ManagementServer.start(new ManagementSettings("127.0.0.1", 0), meters, readiness);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void livenessAnswersWhileTheProcessRuns() throws Exception {
        HttpResponse<String> response = get("/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void readinessFailsUntilEveryCheckPasses() throws Exception {
        AtomicBoolean connected = new AtomicBoolean();
        AtomicBoolean caughtUp = new AtomicBoolean();
        readiness.register("kafka", connected::get);
        readiness.register("caught-up", caughtUp::get);

        HttpResponse<String> neither = get("/readyz");
        connected.set(true);
        HttpResponse<String> one = get("/readyz");
        caughtUp.set(true);
        HttpResponse<String> both = get("/readyz");

        assertThat(neither.statusCode()).isEqualTo(503);
        assertThat(neither.body()).isEqualTo("not ready: kafka, caught-up\n");
        assertThat(one.statusCode()).isEqualTo(503);
        assertThat(one.body()).isEqualTo("not ready: caught-up\n");
        assertThat(both.statusCode()).isEqualTo(200);
    }

    @Test
    void checkThatThrowsCountsAsNotReady() throws Exception {
        readiness.register("registry", () -> {
            throw new IllegalStateException("connection refused");
        });

        HttpResponse<String> response = get("/readyz");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("not ready: registry\n");
    }

    @Test
    void metricsArePrometheusTextByDefault() throws Exception {
        meters.counter("lumee_duplicates_total").increment(3);

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("lumee_duplicates_total 3.0");
    }

    @Test
    void metricsAreOpenMetricsWhenTheScraperAsks() throws Exception {
        meters.counter("lumee_duplicates_total").increment();

        HttpResponse<String> response = http.send(request("/metrics")
                .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("Content-Type")).contains("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.body()).contains("lumee_duplicates_total 1.0").endsWith("# EOF\n");
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        HttpResponse<String> response = http.send(request("/healthz").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void otherMethodsAreRefused() throws Exception {
        HttpResponse<String> response = http.send(request("/readyz").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void unknownPathsAreNotFound() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/healthz/extra").statusCode()).isEqualTo(404);
        assertThat(get("/admin").statusCode()).isEqualTo(404);
    }

    @Test
    void closedEndpointRefusesConnections() {
        server.close();

        assertThatThrownBy(() -> get("/healthz")).isInstanceOf(ConnectException.class);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path)).timeout(Duration.ofSeconds(5));
    }
}
