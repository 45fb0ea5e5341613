package io.lumee.devstack;

import io.lumee.schemas.RejectionReason;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the fleet sent and where each reading must end: on the FHIR server and at the EHR (with its
 * patient), on the DLQ with a reason, in the audit as a duplicate, held as an orphan, or refused at
 * the gateway. Written as readings are sent; reconciliation reads it back against the stores.
 */
final class Ledger {
    /** readingId -> the patient identifier value the reading must be filed under. */
    final Map<String, String> delivered = new ConcurrentHashMap<>();
    final Map<String, RejectionReason> rejected = new ConcurrentHashMap<>();
    final Map<String, Integer> duplicates = new ConcurrentHashMap<>();
    /** Resends after an answer that never came: each may or may not add a duplicate. */
    final Map<String, Integer> uncertainResends = new ConcurrentHashMap<>();
    final Set<String> held = ConcurrentHashMap.newKeySet();
    final Set<String> refusedAtGateway = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> posts = new ConcurrentHashMap<>();

    void deliver(String readingId, String patient) {
        delivered.put(readingId, patient);
    }

    void reject(String readingId, RejectionReason reason) {
        rejected.put(readingId, reason);
    }

    void duplicate(String readingId) {
        duplicates.merge(readingId, 1, Integer::sum);
    }

    void uncertainResend(String readingId) {
        uncertainResends.merge(readingId, 1, Integer::sum);
    }

    void posted(String outcome) {
        posts.merge(outcome, 1, Integer::sum);
    }

    int intendedDuplicates() {
        return duplicates.values().stream().mapToInt(Integer::intValue).sum();
    }
}
