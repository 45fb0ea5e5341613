package io.lumee.processor.audit;

import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import java.time.Instant;

/** The processor's audit records: what happened to which reading, with no value and no patient identifier. */
public final class AuditTrail {
    static final String SERVICE = "stream-processor";

    private AuditTrail() {}

    /**
     * @param subjectKey the patient key (an HMAC), never the identifier; null when no patient is known
     * @param reason a reason code, or null
     */
    public static AuditRecord record(AuditAction action, String outcome, String readingId, String deviceId,
                                     String subjectKey, String reason, String detail, Instant at) {
        return AuditRecord.newBuilder()
                .setAt(at)
                .setService(SERVICE)
                .setAction(action)
                .setOutcome(outcome)
                .setReadingId(readingId)
                .setDeviceId(deviceId)
                .setSubjectKey(subjectKey)
                .setPeer(null)
                .setReason(reason)
                .setDetail(detail)
                .build();
    }
}
