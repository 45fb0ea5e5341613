package io.lumee.fhirsink.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
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
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A FHIR server (or a proxy in front of it) answers what it likes: any status, any body, any
 * {@code Retry-After}. For each answer the sink's client settles on an outcome without throwing (stored
 * exactly when a 2xx carries the server's transaction-response, so a proxy's own 200 page loses nothing),
 * the retry policy computes a bounded wait without throwing, and a refusal's OperationOutcome becomes a
 * detail that never holds the refused reading's patient identifier, whatever form the server echoes it in.
 */
class HostileServerResponsesTest {
    private static final String PATIENT = "PHI-CANARY-7731";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(60));
    private static final AtomicReference<Answer> ANSWER = new AtomicReference<>();
    private static HttpServer server;
    private static FhirTransactionClient client;
    private static String bundle;
    private static ReadingGroup group;

    record Answer(int status, String body, String contentType, String retryAfter) {}

    /** No real FHIR server answers like this; what is under test is how the client reads any answer, so a raw HTTP peer plays the server or a proxy. */
    @BeforeContainer
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
        bundle = Readings.bundle(FhirVersion.R4, Readings.reading("dev-hostile", 1, PATIENT), SubjectMode.LOOKUP);
        group = new BundleReader(JSON).read(new SourceRecord("lumee.fhir.r4", 0, 0, "k", bundle.getBytes(StandardCharsets.UTF_8),
                Optional.empty()));
    }

    @AfterContainer
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Property(tries = 150)
    void anyAnswerSettlesOnAnOutcomeABoundedWaitAndARedactedDetail(@ForAll("answers") Answer answer,
            @ForAll @IntRange(min = 1, max = 40) int attempt, @ForAll @DoubleRange(max = 1, maxIncluded = false) double jitter) {
        ANSWER.set(answer);

        TransactionOutcome outcome;
        try {
            outcome = client.post(bundle);
        } catch (RuntimeException thrown) {
            throw new AssertionError("the client threw on " + answer, thrown);
        }

        assertThat(outcome instanceof TransactionOutcome.Stored).as("stored exactly when the server confirms it").isEqualTo(confirmsTransaction(answer));
        if (outcome instanceof TransactionOutcome.Unavailable unavailable) {
            assertThat(POLICY.delay(attempt, unavailable.retryAfter(), jitter)).isBetween(Duration.ZERO, Duration.ofSeconds(60));
        } else if (outcome instanceof TransactionOutcome.Refused refused) {
            assertThat(refused.httpStatus()).as("only a 4xx refuses readings; anything else is tried again").isBetween(400, 499);
            String detail = new OutcomeRedactor(JSON).detail(refused.httpStatus(), refused.body(), group);
            assertThat(detail).startsWith("HTTP " + refused.httpStatus()).hasSizeLessThanOrEqualTo(2000)
                    .doesNotContain(PATIENT).doesNotContain("CANARY");
        }
    }

    @Property(tries = 500)
    void retryAfterOfAnyValueGivesABoundedWait(@ForAll("retryAfters") String header, @ForAll @IntRange(min = 1, max = 64) int attempt,
            @ForAll @DoubleRange(max = 1, maxIncluded = false) double jitter) {
        Optional<Duration> parsed = RetryPolicy.parseRetryAfter(header, Instant.now());

        Duration wait;
        try {
            wait = POLICY.delay(attempt, parsed, jitter);
        } catch (RuntimeException thrown) {
            throw new AssertionError("Retry-After: " + header + " broke the retry policy", thrown);
        }

        assertThat(wait).isBetween(Duration.ZERO, Duration.ofSeconds(60));
    }

    /** A 2xx that carries the server's transaction-response (204 and 205 carry no body at all). */
    private static boolean confirmsTransaction(Answer answer) {
        return answer.status() >= 200 && answer.status() < 300 && answer.status() != 204 && answer.status() != 205
                && answer.body().contains("\"transaction-response\"");
    }

    @Provide
    Arbitrary<Answer> answers() {
        Arbitrary<Integer> statuses = Arbitraries.oneOf(Arbitraries.integers().between(200, 599),
                Arbitraries.of(200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 408, 409, 410, 412, 413, 422, 429, 500, 502, 503, 504, 599));
        Arbitrary<String> contentTypes = Arbitraries.of("application/fhir+json", "application/json", "text/html", "application/fhir+xml",
                "text/plain; charset=utf-16").injectNull(0.15);
        return Combinators.combine(statuses, bodies(), contentTypes, retryAfters().injectNull(0.3)).as(Answer::new);
    }

    @Provide
    Arbitrary<String> retryAfters() {
        return Arbitraries.oneOf(
                Arbitraries.of("0", "1", "120", "-5", "99999999999999999", "9223372036854775807", "92233720368547758070", "1e3", "soon", "",
                        "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", " 30 "),
                Arbitraries.longs().map(String::valueOf));
    }

    /** OperationOutcomes that echo the patient in every form a server might, and bodies that are not one at all. */
    private Arbitrary<String> bodies() {
        String system = Readings.MRN_SYSTEM;
        Arbitrary<String> echoes = Arbitraries.of(
                "HAPI-1091: Invalid match URL \"Patient?identifier=" + system + "|" + PATIENT + "\" - No resources match this search",
                "Multiple resources match Patient?identifier=" + URLEncoder.encode(system + "|" + PATIENT, StandardCharsets.UTF_8),
                "Patient " + PATIENT + " unknown",
                "Patient?identifier=" + PATIENT + "&_count=1 and " + PATIENT.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT),
                "identifier " + system + "|" + PATIENT + " (no match)",
                "subject: Patient?identifier=" + system + "%7C" + PATIENT);
        Arbitrary<ObjectNode> issue = Combinators.combine(echoes, Arbitraries.of("error", "fatal"), Arbitraries.of(true, false))
                .as((text, severity, asDiagnostics) -> {
                    ObjectNode node = JsonNodeFactory.instance.objectNode().put("severity", severity).put("code", "processing");
                    if (asDiagnostics) {
                        node.put("diagnostics", text);
                    } else {
                        node.putObject("details").put("text", text);
                    }
                    return node;
                });
        Arbitrary<String> outcomes = issue.list().ofMaxSize(3).map(issues -> {
            ObjectNode outcome = JsonNodeFactory.instance.objectNode().put("resourceType", "OperationOutcome");
            outcome.putArray("issue").addAll(issues);
            return outcome.toString();
        });
        Arbitrary<String> transactionResponse = Arbitraries.just("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\",\"entry\":[]}");
        return Arbitraries.oneOf(outcomes, outcomes, outcomes, transactionResponse, Arbitraries.of(
                        "",
                        "<html><body>502 Bad Gateway " + PATIENT + "</body></html>",
                        "{\"resourceType\":\"OperationOutcome\",\"issue\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
                        "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"diagnostics\":\"" + "x".repeat(100_000) + PATIENT + "\"}]}",
                        "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[]}"),
                Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(500));
    }
}
