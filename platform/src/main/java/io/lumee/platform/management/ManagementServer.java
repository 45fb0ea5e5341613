package io.lumee.platform.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The management endpoint on its own port, plain HTTP without client certificates so Kubernetes probes
 * and Prometheus can reach it: {@code /healthz} (200 while the process runs), {@code /readyz} (200 when
 * every {@link Readiness} check passes, else 503 naming the failing checks) and {@code /metrics} (the
 * Prometheus scrape, OpenMetrics when the scraper asks for it). GET and HEAD only.
 */
public final class ManagementServer implements AutoCloseable {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    private record Response(int status, String contentType, String body) { }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Function<HttpExchange, Response>> routes;

    private ManagementServer(HttpServer server, ExecutorService executor, PrometheusMeterRegistry meters, Readiness readiness) {
        this.server = server;
        this.executor = executor;
        this.routes = Map.of(
                "/healthz", exchange -> new Response(200, PLAIN_TEXT, "ok\n"),
                "/readyz", exchange -> ready(readiness.failing()),
                "/metrics", exchange -> metrics(meters, exchange.getRequestHeaders().getFirst("Accept")));
    }

    public static ManagementServer start(ManagementSettings settings, PrometheusMeterRegistry meters, Readiness readiness) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        // two threads, so a slow scrape never makes a liveness probe wait
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "lumee-management-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        ManagementServer management = new ManagementServer(server, executor, meters, readiness);
        server.createContext("/", management::handle);
        server.start();
        return management;
    }

    /** The bound address; with port 0 configured, this tells the port chosen. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            Function<HttpExchange, Response> route = routes.get(exchange.getRequestURI().getPath());
            Response response;
            if (route == null) {
                response = new Response(404, PLAIN_TEXT, "not found\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                response = new Response(405, PLAIN_TEXT, "method not allowed\n");
            } else {
                response = route.apply(exchange);
            }
            send(exchange, response, method.equals("HEAD"));
        } finally {
            exchange.close();
        }
    }

    private static Response ready(List<String> failing) {
        return failing.isEmpty()
                ? new Response(200, PLAIN_TEXT, "ready\n")
                : new Response(503, PLAIN_TEXT, "not ready: " + String.join(", ", failing) + "\n");
    }

    private static Response metrics(PrometheusMeterRegistry meters, String accept) {
        String contentType = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        return new Response(200, contentType, meters.scrape(contentType));
    }

    private static void send(HttpExchange exchange, Response response, boolean headOnly) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        // -1 tells the JDK server there is no body, as HEAD requires
        exchange.sendResponseHeaders(response.status(), headOnly ? -1 : body.length);
        if (!headOnly) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
