package io.lumee.fhirsink.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SubjectMode;
import io.lumee.fhirsink.FhirVersion;
import io.lumee.fhirsink.Readings;
import io.lumee.fhirsink.auth.Authorization;
import io.lumee.fhirsink.bundle.BundleReader;
import io.lumee.fhirsink.bundle.ReadingGroup;
import io.lumee.fhirsink.bundle.SourceRecord;
import io.lumee.fhirsink.rejection.OutcomeRedactor;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A FHIR server (or a proxy in front of it) answers what it likes: any status, any body, any
 * {@code Retry-After}. For each answer the sink's client settles on an outcome without throwing, the
 * retry policy computes a bounded wait without throwing, and a refusal's OperationOutcome becomes a
 * detail that never holds the refused reading's patient identifier, whatever form the server echoes it
 * in. Generated from a seeded {@link Random} (jqwik is not on this module's test classpath), printed on failure.
 */
class HostileServerResponsesTest {
    private static final long SEED = Long.getLong("lumee.hostile.seed", System.nanoTime());
    private static final String PATIENT = "PHI-CANARY-7731";
    private static final AtomicReference<Answer> ANSWER = new AtomicReference<>();
    private static HttpServer server;
    private static FhirTransactionClient client;

    private final Random random = new Random(SEED);
    private final ObjectMapper json = new ObjectMapper();
    private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(60));

    record Answer(int status, String body, String contentType, String retryAfter) {}

    @BeforeAll
    static void startHostileServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Answer answer = ANSWER.get();
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        client = FhirTransactionClient.create(FhirVersion.R4.newContext(), "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir",
                SSLContext.getDefault(), List.of("TLSv1.3"), Duration.ofSeconds(2), Duration.ofSeconds(5), 1, Authorization.NONE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anyAnswerSettlesOnAnOutcomeABoundedWaitAndARedactedDetail() throws Exception {
        ProcessedReading reading = Readings.reading("dev-hostile", 1, PATIENT);
        String bundle = Readings.bundle(FhirVersion.R4, reading, SubjectMode.LOOKUP);
        ReadingGroup group = new BundleReader(json).read(new SourceRecord("lumee.fhir.r4", 0, 0, "k",
                bundle.getBytes(StandardCharsets.UTF_8), Optional.empty()));
        OutcomeRedactor redactor = new OutcomeRedactor(json);

        for (int i = 0; i < 150; i++) {
            Answer answer = new Answer(status(), body(), contentType(), retryAfter());
            ANSWER.set(answer);

            TransactionOutcome outcome;
            try {
                outcome = client.post(bundle);
            } catch (RuntimeException thrown) {
                throw new AssertionError("the client threw on " + answer + "; " + seed(), thrown);
            }

            String context = answer + "; " + seed();
            if (answer.status() >= 200 && answer.status() < 300) {
                assertThat(outcome).as(context).isInstanceOf(TransactionOutcome.Stored.class);
            } else if (outcome instanceof TransactionOutcome.Unavailable unavailable) {
                Duration wait = policy.delay(1 + random.nextInt(40), unavailable.retryAfter(), random.nextDouble());
                assertThat(wait).as(context).isBetween(Duration.ZERO, Duration.ofSeconds(60));
            } else if (outcome instanceof TransactionOutcome.Refused refused) {
                assertThat(refused.httpStatus()).as(context).isBetween(400, 499);
                String detail = redactor.detail(refused.httpStatus(), refused.body(), group);
                assertThat(detail).as(context).startsWith("HTTP " + refused.httpStatus()).hasSizeLessThanOrEqualTo(2000)
                        .doesNotContain(PATIENT).doesNotContain("CANARY");
            } else {
                assertThat(outcome).as(context).isInstanceOf(TransactionOutcome.Stored.class);
            }
        }
    }

    @Test
    void retryAfterOfAnyValueGivesABoundedWait() {
        for (int i = 0; i < 500; i++) {
            String header = retryAfter();
            Optional<Duration> parsed = RetryPolicy.parseRetryAfter(header, Instant.now());
            Duration wait;
            try {
                wait = policy.delay(1 + random.nextInt(64), parsed, random.nextDouble());
            } catch (RuntimeException thrown) {
                throw new AssertionError("Retry-After: " + header + " broke the retry policy; " + seed(), thrown);
            }
            assertThat(wait).as(header).isBetween(Duration.ZERO, Duration.ofSeconds(60));
        }
    }

    private int status() {
        int[] interesting = {200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 408, 409, 410, 412, 413, 422, 429, 500, 502, 503, 504, 599};
        return random.nextInt(4) == 0 ? 200 + random.nextInt(400) : interesting[random.nextInt(interesting.length)];
    }

    private String contentType() {
        String[] types = {"application/fhir+json", "application/json", "text/html", "application/fhir+xml", "text/plain; charset=utf-16", null};
        return types[random.nextInt(types.length)];
    }

    private String retryAfter() {
        String[] headers = {null, "0", "1", "120", "-5", "99999999999999999", "9223372036854775807", "92233720368547758070",
                "1e3", "soon", "", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", " 30 ",
                String.valueOf(random.nextLong())};
        return headers[random.nextInt(headers.length)];
    }

    /** OperationOutcomes that echo the patient in every form a server might, and bodies that are not one at all. */
    private String body() {
        String system = Readings.MRN_SYSTEM;
        String[] echoes = {
            "HAPI-1091: Invalid match URL \"Patient?identifier=" + system + "|" + PATIENT + "\" - No resources match this search",
            "Multiple resources match Patient?identifier=" + URLEncoder.encode(system + "|" + PATIENT, StandardCharsets.UTF_8),
            "Patient " + PATIENT + " unknown",
            "Patient?identifier=" + PATIENT + "&_count=1 and " + PATIENT.toLowerCase(java.util.Locale.ROOT).toUpperCase(java.util.Locale.ROOT),
            "identifier " + system + "|" + PATIENT + " (no match)",
            "subject: Patient?identifier=" + system + "%7C" + PATIENT,
        };
        ObjectNode outcome = JsonNodeFactory.instance.objectNode().put("resourceType", "OperationOutcome");
        var issues = outcome.putArray("issue");
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
            ObjectNode issue = issues.addObject().put("severity", random.nextBoolean() ? "error" : "fatal").put("code", "processing");
            String text = echoes[random.nextInt(echoes.length)];
            if (random.nextBoolean()) {
                issue.put("diagnostics", text);
            } else {
                issue.putObject("details").put("text", text);
            }
        }
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> "<html><body>502 Bad Gateway " + PATIENT + "</body></html>";
            case 2 -> "{\"resourceType\":\"OperationOutcome\",\"issue\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
            case 3 -> "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"diagnostics\":\"" + "x".repeat(100_000) + PATIENT + "\"}]}";
            case 4 -> "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\",\"entry\":[]}";
            case 5 -> randomText(random.nextInt(500));
            default -> outcome.toString();
        };
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextInt(0xd7ff)));
        }
        return text.toString();
    }

    private static String seed() {
        return "seed " + SEED + " (-Dlumee.hostile.seed=" + SEED + ")";
    }
}
