package io.lumee.cli.patient;

import io.lumee.cli.AdminCli;
import io.lumee.platform.config.ConfigException;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.DurationText;
import io.lumee.platform.tls.TlsContext;
import io.lumee.platform.tls.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code patient ensure}: creates a Patient holding only the given identifier unless one exists, with a
 * FHIR conditional create ({@code If-None-Exist}), so running it again changes nothing. For sandboxes
 * where the sink runs in {@code LOOKUP} mode and nobody else registers patients. The identifier is
 * never printed: the output names the server's Patient id.
 */
@Command(name = "ensure", mixinStandardHelpOptions = true,
        description = "Create the Patient with this identifier on the FHIR server unless it exists. The identifier, "
                + "one line system|value, comes from --identifier-file or standard input. TLS to the server follows "
                + "the LUMEE_FHIR_TLS_* variables the fhir-sink reads.")
public final class PatientEnsure implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--fhir-base", required = true, paramLabel = "URL", description = "The FHIR server's base URL.")
    private String fhirBase;

    @Option(names = "--identifier-file", paramLabel = "FILE",
            description = "A file holding the identifier as system|value (default: standard input).")
    private Path identifierFile;

    @Option(names = "--bearer-token-file", paramLabel = "FILE", description = "A file holding a bearer token to send.")
    private Path bearerTokenFile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for the server (default: ${DEFAULT-VALUE}).")
    private String timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Duration> requestTimeout = DurationText.parse(timeout);
        URI base = baseUri();
        if (requestTimeout.isEmpty() || base == null) {
            err.println(requestTimeout.isEmpty() ? "--timeout " + timeout + ": expected a duration such as 30s or 2m"
                    : "--fhir-base " + fhirBase + ": expected an http:// or https:// URL");
            return AdminCli.EXIT_REFUSED;
        }
        Optional<PatientIdentifierInput> identifier;
        Optional<String> token = Optional.empty();
        try {
            identifier = PatientIdentifierInput.parse(identifierFile != null ? Files.readString(identifierFile) : stdin());
            if (bearerTokenFile != null) {
                token = Optional.of(Files.readString(bearerTokenFile).strip());
            }
        } catch (IOException unreadable) {
            err.println("cannot read " + (identifierFile != null ? identifierFile : "standard input") + ": "
                    + unreadable.getClass().getSimpleName());
            return AdminCli.EXIT_REFUSED;
        }
        if (identifier.isEmpty()) {
            err.println("expected one line system|value (system an absolute URI) in "
                    + (identifierFile != null ? identifierFile : "standard input"));
            return AdminCli.EXIT_REFUSED;
        }
        HttpClient http;
        try {
            http = httpClient(requestTimeout.get());
        } catch (ConfigException badTls) {
            badTls.errors().forEach(err::println);
            return AdminCli.EXIT_REFUSED;
        }
        return ensure(http, base, identifier.get(), token, requestTimeout.get(), out, err);
    }

    private int ensure(HttpClient http, URI base, PatientIdentifierInput identifier, Optional<String> token, Duration timeout,
            PrintWriter out, PrintWriter err) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + "/Patient"))
                .timeout(timeout)
                .header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json")
                .header("If-None-Exist", "identifier=" + tokenParameter(identifier.system()) + "|" + tokenParameter(identifier.value()))
                .POST(HttpRequest.BodyPublishers.ofString(patientJson(identifier)));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException unreachable) {
            err.println("FHIR server at " + base + " did not answer: " + unreachable.getClass().getSimpleName());
            return AdminCli.EXIT_FAILED;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return AdminCli.EXIT_FAILED;
        }
        String patient = response.headers().firstValue("Location").map(PatientEnsure::patientId).orElse("Patient");
        return switch (response.statusCode()) {
            case 201 -> {
                out.println("created " + patient);
                yield 0;
            }
            case 200 -> {
                out.println("exists " + patient);
                yield 0;
            }
            case 412 -> {
                err.println("refused: several Patients already hold this identifier (HTTP 412); resolve the duplicate first");
                yield AdminCli.EXIT_FAILED;
            }
            // the body may echo the identifier: only the status is shown
            default -> {
                err.println("FHIR server answered HTTP " + response.statusCode());
                yield AdminCli.EXIT_FAILED;
            }
        };
    }

    private URI baseUri() {
        try {
            URI uri = URI.create(fhirBase);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null ? uri : null;
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    private HttpClient httpClient(Duration timeout) {
        ConfigReader config = new ConfigReader(AdminCli.environment(spec));
        TlsSettings tls = TlsSettings.client(config, "LUMEE_FHIR_TLS");
        config.requireValid();
        try {
            TlsContext context = TlsContext.create(tls);
            return HttpClient.newBuilder().connectTimeout(timeout).sslContext(context.sslContext())
                    .sslParameters(context.clientParameters()).build();
        } catch (IOException | GeneralSecurityException unusable) {
            throw new ConfigException(java.util.List.of("LUMEE_FHIR_TLS_*: the key or trust store cannot be opened ("
                    + unusable.getClass().getSimpleName() + ")"));
        }
    }

    private static String stdin() throws IOException {
        InputStream in = System.in;
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** {@code Patient/123/_history/1} or an absolute URL of it: {@code Patient/123}. */
    private static String patientId(String location) {
        int at = location.indexOf("Patient/");
        if (at < 0) {
            return "Patient";
        }
        String[] parts = location.substring(at).split("/");
        return parts.length >= 2 ? parts[0] + "/" + parts[1] : "Patient";
    }

    /** A token search value: FHIR's escapes for {@code \ | , $}, then percent-encoding. */
    private static String tokenParameter(String text) {
        String escaped = text.replace("\\", "\\\\").replace("|", "\\|").replace(",", "\\,").replace("$", "\\$");
        return URLEncoder.encode(escaped, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String patientJson(PatientIdentifierInput identifier) {
        return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":" + jsonString(identifier.system())
                + ",\"value\":" + jsonString(identifier.value()) + "}]}";
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
