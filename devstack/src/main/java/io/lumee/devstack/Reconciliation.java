package io.lumee.devstack;

import io.lumee.cli.AdminCli;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import io.lumee.testkit.mllp.ReceivedMessage;
import io.lumee.testkit.tls.CertificateSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every reading the fleet sent, checked against the stores' own records: the FHIR server (one
 * Observation per reading, filed under the right patient), the EHR peer (every reading received, by
 * OBR-3), the DLQ (each refusal once, with its reason), the audit (each duplicate), and archive verify.
 */
final class Reconciliation {
    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Report(List<String> summary, List<String> discrepancies) {
        boolean clean() {
            return discrepancies.isEmpty();
        }
    }

    private final Stack stack;
    private final Ledger ledger;
    private final List<String> summary = new ArrayList<>();
    private final List<String> discrepancies = new ArrayList<>();

    private Reconciliation(Stack stack, Ledger ledger) {
        this.stack = stack;
        this.ledger = ledger;
    }

    /** Waits (at most {@code drainFor}) until the stores hold what the ledger expects, then compares. */
    static Report run(Stack stack, Ledger ledger, Duration drainFor) throws InterruptedException {
        Reconciliation reconciliation = new Reconciliation(stack, ledger);
        reconciliation.drain(drainFor);
        reconciliation.compareFhir();
        reconciliation.compareEhr();
        reconciliation.compareKafka();
        reconciliation.verifyArchive();
        return new Report(List.copyOf(reconciliation.summary), List.copyOf(reconciliation.discrepancies));
    }

    private void drain(Duration drainFor) throws InterruptedException {
        long deadline = System.nanoTime() + drainFor.toNanos();
        while (System.nanoTime() < deadline) {
            if (observationTotal(stack, "") >= ledger.delivered.size() && ehrReadings().containsAll(ledger.delivered.keySet())) {
                // the archive batches on time: give the last batch its age to be written
                Thread.sleep(8000);
                return;
            }
            Thread.sleep(2000);
        }
    }

    private void compareFhir() {
        long total = observationTotal(stack, "");
        summary.add("FHIR server: " + total + " Observations for " + ledger.delivered.size() + " readings delivered");
        if (total != ledger.delivered.size()) {
            discrepancies.add("FHIR server holds " + total + " Observations, expected " + ledger.delivered.size());
        }
        int missing = 0;
        int misfiled = 0;
        for (Map.Entry<String, String> reading : ledger.delivered.entrySet()) {
            String identifier = "identifier=" + encode("urn:lumee:reading|" + reading.getKey());
            long found = observationTotal(stack, "&" + identifier);
            if (found != 1) {
                missing++;
                discrepancies.add("reading " + reading.getKey() + ": " + found + " Observations on the FHIR server, expected 1");
            } else if (reading.getKey().startsWith("sim-0001:")
                    && observationTotal(stack, "&" + identifier + "&patient.identifier=" + encode(Fleet.PATIENT_SYSTEM + "|" + reading.getValue())) != 1) {
                misfiled++;
                discrepancies.add("reading " + reading.getKey() + " is not filed under the patient assigned at its time");
            }
        }
        summary.add("FHIR server: " + missing + " readings missing or doubled, " + misfiled + " misfiled");
    }

    private void compareEhr() {
        Map<String, Integer> received = new HashMap<>();
        for (ReceivedMessage message : stack.infrastructure.ehr.received()) {
            received.merge(message.fillerOrderNumber(), 1, Integer::sum);
        }
        Set<String> missing = new HashSet<>(ledger.delivered.keySet());
        missing.removeAll(received.keySet());
        Set<String> unexpected = new HashSet<>(received.keySet());
        unexpected.removeAll(ledger.delivered.keySet());
        long resent = received.values().stream().filter(count -> count > 1).count();
        summary.add("EHR peer: " + received.size() + " readings received (" + resent + " of them more than once, same MSH-10)");
        missing.forEach(id -> discrepancies.add("reading " + id + " never reached the EHR peer"));
        unexpected.forEach(id -> discrepancies.add("the EHR peer received " + id + ", which should not have been delivered"));
    }

    private void compareKafka() {
        Map<String, Object> client = new HashMap<>(stack.infrastructure.kafka.tlsClientProperties(
                stack.infrastructure.ca.issue(CertificateSpec.client("devstack-reconciliation"))));
        Map<String, List<RejectionReason>> rejections = new HashMap<>();
        for (Rejection rejection : TopicReading.readToEnd(stack.topics.rejected(), client)) {
            rejections.computeIfAbsent(String.valueOf(rejection.getReadingId()), k -> new ArrayList<>()).add(rejection.getReason());
        }
        summary.add("DLQ: " + rejections.values().stream().mapToInt(List::size).sum() + " rejections for "
                + ledger.rejected.size() + " bad readings sent");
        for (Map.Entry<String, RejectionReason> expected : ledger.rejected.entrySet()) {
            List<RejectionReason> found = rejections.getOrDefault(expected.getKey(), List.of());
            int allowed = 1 + ledger.uncertainResends.getOrDefault(expected.getKey(), 0);
            if (found.isEmpty() || found.size() > allowed || found.stream().anyMatch(r -> r != expected.getValue())) {
                discrepancies.add("reading " + expected.getKey() + ": DLQ holds " + found + ", expected " + expected.getValue());
            }
        }
        rejections.keySet().stream().filter(id -> !ledger.rejected.containsKey(id))
                .forEach(id -> discrepancies.add("DLQ holds " + id + " (" + rejections.get(id) + "), which was not expected there"));

        Map<String, Integer> duplicates = new HashMap<>();
        Set<String> held = new HashSet<>();
        for (AuditRecord record : TopicReading.readToEnd(stack.topics.audit(), client)) {
            if (record.getAction() == AuditAction.DUPLICATE) {
                duplicates.merge(String.valueOf(record.getReadingId()), 1, Integer::sum);
            } else if (record.getAction() == AuditAction.ORPHAN_HELD) {
                held.add(String.valueOf(record.getReadingId()));
            }
        }
        summary.add("audit: " + duplicates.values().stream().mapToInt(Integer::intValue).sum() + " duplicates ("
                + ledger.intendedDuplicates() + " sent on purpose, " + ledger.uncertainResends.size()
                + " readings resent after a lost answer); " + ledger.held.size() + " readings of an unregistered device on hold");
        Set<String> duplicated = new HashSet<>(duplicates.keySet());
        duplicated.addAll(ledger.duplicates.keySet());
        for (String readingId : duplicated) {
            int found = duplicates.getOrDefault(readingId, 0);
            int intended = ledger.duplicates.getOrDefault(readingId, 0);
            int uncertain = ledger.uncertainResends.getOrDefault(readingId, 0);
            if (found < intended || found > intended + uncertain) {
                discrepancies.add("reading " + readingId + ": " + found + " duplicates audited, expected " + intended
                        + (uncertain > 0 ? " to " + (intended + uncertain) : ""));
            }
        }
        ledger.held.stream().filter(id -> !held.contains(id))
                .forEach(id -> discrepancies.add("reading " + id + " of an unregistered device was not put on hold"));
    }

    private void verifyArchive() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = AdminCli.run(stack.archiveVerifyEnvironment(), new PrintWriter(out), new PrintWriter(err), "archive", "verify");
        String verdict = out.toString().lines().filter(line -> line.startsWith("archive verify:")).findFirst().orElse("archive verify: no verdict");
        summary.add(verdict);
        if (status != 0) {
            discrepancies.add("archive verify exited " + status + ": " + err.toString().strip());
        }
    }

    /** The FHIR server's own count of Observations matching {@code query} (appended to the search), or -1. */
    static long observationTotal(Stack stack, String query) {
        String url = stack.infrastructure.fhir.baseUrl() + "/Observation?_summary=count" + query;
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher total = TOTAL.matcher(response.body());
            return response.statusCode() == 200 && total.find() ? Long.parseLong(total.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private Set<String> ehrReadings() {
        Set<String> readings = new HashSet<>();
        stack.infrastructure.ehr.received().forEach(message -> readings.add(message.fillerOrderNumber()));
        return readings;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
