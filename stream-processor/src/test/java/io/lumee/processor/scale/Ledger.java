package io.lumee.processor.scale;

import io.lumee.schemas.RejectionReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where each record the test sends must end, written down as it is sent. */
final class Ledger {
    final List<String> delivered = new ArrayList<>();
    final Map<String, RejectionReason> rejected = new HashMap<>();
    final Map<String, Integer> duplicates = new HashMap<>();
    int recordsSent;

    void deliver(String readingId) {
        delivered.add(readingId);
        recordsSent++;
    }

    void reject(String readingId, RejectionReason reason) {
        rejected.put(readingId, reason);
        recordsSent++;
    }

    void duplicate(String readingId) {
        duplicates.merge(readingId, 1, Integer::sum);
        recordsSent++;
    }
}
