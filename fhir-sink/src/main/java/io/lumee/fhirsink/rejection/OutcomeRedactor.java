package io.lumee.fhirsink.rejection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lumee.fhirsink.bundle.ReadingGroup;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the server's refusal into a rejection's {@code detail}: the HTTP status and each issue of the
 * OperationOutcome ({@code severity code: diagnostics}, HAPI's {@code HAPI-nnnn} codes included), with
 * the patient identifiers taken out. HAPI echoes the match URL it could not resolve
 * ({@code Invalid match URL "Patient?identifier=http://hospital/mrn|12345" - No resources match this
 * search}), so two passes run over every text:
 * <ol>
 *   <li>every identifier value the refused reading carries outside the {@code urn:lumee:} systems
 *       (the patient's, in whatever form: raw, percent-encoded or token-escaped) becomes {@code ***},
 *       wherever it appears;</li>
 *   <li>every search-parameter value in a URL ({@code ?name=value}, {@code &name=value}) becomes
 *       {@code ***}: the parameter name stays, which is what an operator needs to see what failed.</li>
 * </ol>
 * Reading and device ids ({@code urn:lumee:} systems) stay: the rejection names them anyway.
 */
public final class OutcomeRedactor {
    static final String MASK = "***";
    /** Rejections are read by people; a detail longer than this is cut. */
    static final int MAX_DETAIL = 2000;
    private static final Pattern SEARCH_VALUE = Pattern.compile("([?&][A-Za-z0-9_.:\\-]+=)([^&\\s\"']+)");
    private static final String OUR_SYSTEMS = "urn:lumee:";

    private final ObjectMapper json;

    public OutcomeRedactor(ObjectMapper json) {
        this.json = json;
    }

    /** {@code HTTP 404: error processing: HAPI-1091: Invalid match URL "Patient?identifier=***" ...} */
    public String detail(int httpStatus, String body, ReadingGroup refused) {
        Set<String> secrets = patientValues(refused);
        List<String> issues = new ArrayList<>();
        for (JsonNode issue : operationOutcome(body).path("issue")) {
            String text = issue.path("diagnostics").asText(issue.path("details").path("text").asText(""));
            issues.add(issue.path("severity").asText("error") + " " + issue.path("code").asText("unknown") + ": "
                    + redact(text, secrets));
        }
        String detail = "HTTP " + httpStatus + (issues.isEmpty() ? " without an OperationOutcome" : ": " + String.join("; ", issues));
        return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 1) + "…";
    }

    static String redact(String text, Set<String> secrets) {
        // the known values first, while they are whole: a URL value ends at '&', so masking search values
        // first would leave the rest of an identifier holding one ("A&B" as "?identifier=***&B")
        String redacted = text;
        // longest first, so a value containing another is masked whole
        for (String secret : secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            redacted = redacted.replace(secret, MASK);
        }
        Matcher search = SEARCH_VALUE.matcher(redacted);
        return search.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + MASK));
    }

    private JsonNode operationOutcome(String body) {
        try {
            JsonNode parsed = json.readTree(body == null ? "" : body);
            return parsed != null && parsed.path("resourceType").asText().equals("OperationOutcome") ? parsed : json.createObjectNode();
        } catch (IOException notJson) {
            return json.createObjectNode();
        }
    }

    /** Identifier values outside our systems, from identifiers and from conditional references and creates. */
    static Set<String> patientValues(ReadingGroup group) {
        Set<String> values = new LinkedHashSet<>();
        for (ObjectNode entry : group.entries()) {
            collect(entry, values);
        }
        Set<String> forms = new LinkedHashSet<>();
        for (String value : values) {
            if (!value.isBlank()) {
                forms.add(value);
                forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
                forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
                forms.add(value.replace("\\", "\\\\").replace("|", "\\|").replace(",", "\\,").replace("$", "\\$"));
            }
        }
        return forms;
    }

    private static void collect(JsonNode node, Set<String> values) {
        if (node.isObject()) {
            if (node.path("value").isTextual() && node.path("system").isTextual()
                    && !node.path("system").asText().startsWith(OUR_SYSTEMS)) {
                values.add(node.path("value").asText());
            }
            for (String field : List.of("reference", "ifNoneExist", "url")) {
                if (node.path(field).isTextual()) {
                    identifierQueryValues(node.path(field).asText(), values);
                }
            }
            node.forEach(child -> collect(child, values));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, values));
        }
    }

    /** From {@code identifier=system|value}, in a query or a conditional reference: the value, unescaped. */
    private static void identifierQueryValues(String text, Set<String> values) {
        int query = text.indexOf('?');
        String parameters = query >= 0 ? text.substring(query + 1) : text;
        for (String parameter : parameters.split("&")) {
            int equals = parameter.indexOf('=');
            if (equals < 0 || !parameter.substring(0, equals).startsWith("identifier")) {
                continue;
            }
            String token = URLDecoder.decode(parameter.substring(equals + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
            int bar = unescapedBar(token);
            String system = bar >= 0 ? token.substring(0, bar) : "";
            if (!system.startsWith(OUR_SYSTEMS)) {
                String value = bar >= 0 ? token.substring(bar + 1) : token;
                values.add(value.replaceAll("\\\\(.)", "$1"));
            }
        }
    }

    private static int unescapedBar(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '\\') {
                i++;
            } else if (token.charAt(i) == '|') {
                return i;
            }
        }
        return -1;
    }
}
