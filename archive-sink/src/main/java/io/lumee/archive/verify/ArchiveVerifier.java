package io.lumee.archive.verify;

import io.lumee.archive.format.ArchivedRecord;
import io.lumee.archive.format.DecodedBatch;
import io.lumee.archive.read.ArchiveObjectException;
import io.lumee.archive.read.ArchiveReader;
import io.lumee.archive.read.ArchivedValues;
import io.lumee.archive.store.ArchiveRange;
import io.lumee.archive.store.ObjectKeys;
import io.lumee.protocol.MasterSecrets;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.topics.TopicTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;

/**
 * {@code archive verify}: every object in scope decrypts under its own range's context, matches its digest and
 * holds its range; each partition's ranges abut (each gap and each overlap is a problem); and every
 * {@code lumee.raw} reading's JWS verifies with the archived registrations of its device. A reading whose
 * signature fails is a problem unless the archived audit trail shows the pipeline refused it
 * (READING_REJECTED, or a hold that expired): {@code lumee.raw} holds what producers sent, forgeries
 * included. A reading of a device that never registered, held as an orphan (ORPHAN_HELD), cannot be
 * verified yet and is counted apart, not as a problem.
 *
 * <p>{@code lumee.devices} and {@code lumee.audit} are read whole whenever readings are verified, whatever the
 * scope, since a reading's key may have been registered long before it.
 */
public final class ArchiveVerifier {
    private static final String RAW = TopicTable.RAW.name();
    private static final String DEVICES = TopicTable.DEVICES.name();
    private static final String AUDIT = TopicTable.AUDIT.name();

    private final ArchiveReader reader;
    private final MasterSecrets masterSecrets;

    public ArchiveVerifier(ArchiveReader reader, MasterSecrets masterSecrets) {
        this.reader = reader;
        this.masterSecrets = masterSecrets;
    }

    public VerifyReport verify(VerifyScope scope) {
        VerifyReport report = new VerifyReport();
        Pass pass = new Pass(scope, report);
        List<String> inBucket = reader.listing().topics();
        List<String> inScope = scope.topic().map(List::of).orElse(inBucket);
        if (scope.topic().isPresent() && !inBucket.contains(scope.topic().get())) {
            report.problem("missing: " + scope.topic().get() + " has no objects in the archive");
        }
        // registrations and refusals first: readings are verified against them
        Set<String> order = new LinkedHashSet<>();
        if (inScope.contains(RAW)) {
            Stream.of(DEVICES, AUDIT).filter(inBucket::contains).forEach(order::add);
        }
        inScope.stream().filter(topic -> !topic.equals(RAW)).forEach(order::add);
        if (inScope.contains(RAW) && inBucket.contains(RAW)) {
            order.add(RAW);
        }
        for (String topic : order) {
            if (!inBucket.contains(topic)) {
                continue;
            }
            boolean checked = scope.includes(topic);
            List<Integer> partitions = checked && scope.partition().isPresent()
                    ? List.of(scope.partition().getAsInt())
                    : reader.listing().partitions(topic);
            for (int partition : partitions) {
                pass.partition(topic, partition, checked);
            }
        }
        return report;
    }

    /** One run's state: what the context topics taught it, and where problems go. */
    private final class Pass {
        private final VerifyScope scope;
        private final VerifyReport report;
        private final ArchivedRegistrations registrations = new ArchivedRegistrations();
        private final Set<String> refusedAtIngest = new HashSet<>();
        private final Set<String> onHold = new HashSet<>();
        private final ReadingSignatures signatures;

        Pass(VerifyScope scope, VerifyReport report) {
            this.scope = scope;
            this.report = report;
            this.signatures = new ReadingSignatures(masterSecrets, registrations);
        }

        /** @param checked in scope: gaps, overlaps and readings are checked; otherwise read for context only */
        void partition(String topic, int partition, boolean checked) {
            long from = checked ? scope.from().orElse(0) : 0;
            long to = checked ? scope.to().orElse(Long.MAX_VALUE) : Long.MAX_VALUE;
            String name = topic + "/" + partition;
            List<ArchiveRange> ranges = new ArrayList<>();
            long records = 0;
            ArchiveRange previous = null;
            for (String key : (Iterable<String>) reader.listing().keysFrom(topic, partition, from)::iterator) {
                Optional<ArchiveRange> parsed = ObjectKeys.parse(key);
                if (parsed.isEmpty()) {
                    if (checked) {
                        report.problem("unexpected: " + key + ": not an archive object key");
                    }
                    continue;
                }
                ArchiveRange range = parsed.get();
                if (range.first() >= to) {
                    break;
                }
                if (checked) {
                    abut(name, previous == null ? scope.from().orElse(range.first()) : previous.next(), range, previous);
                }
                previous = previous == null || range.next() > previous.next() ? range : previous;
                ranges.add(range);
                records += read(range, checked);
            }
            if (!checked) {
                return;
            }
            long end = previous == null ? from : previous.next();
            if (scope.to().isPresent() && end < scope.to().getAsLong()) {
                report.problem("gap: " + name + " offsets [" + end + ", " + scope.to().getAsLong() + ") are in no object");
            }
            report.summary(ranges.isEmpty() ? name + ": no objects"
                    : name + ": " + ranges.size() + " objects, offsets [" + ranges.get(0).first() + ", " + end + "), " + records + " records");
        }

        private void abut(String name, long expected, ArchiveRange range, ArchiveRange previous) {
            if (range.first() > expected) {
                report.problem("gap: " + name + " offsets [" + expected + ", " + range.first() + ") are in no object");
            } else if (range.first() < expected && previous != null) {
                report.problem("overlap: " + name + " offsets [" + range.first() + ", " + Math.min(expected, range.next())
                        + ") are in both " + previous.key() + " and " + range.key());
            }
        }

        /** @return the object's record count, 0 when it cannot be read */
        private int read(ArchiveRange range, boolean checked) {
            DecodedBatch batch;
            try {
                batch = reader.open(range);
            } catch (ArchiveObjectException unreadable) {
                report.problem(unreadable.getMessage());
                return 0;
            }
            if (checked) {
                report.object(batch.records().size());
            }
            for (ArchivedRecord record : batch.records()) {
                if (range.topic().equals(DEVICES)) {
                    ArchivedValues.decode(record, batch.writerSchemas(), DeviceRegistration.getClassSchema()).ifPresent(registrations::add);
                } else if (range.topic().equals(AUDIT)) {
                    ArchivedValues.decode(record, batch.writerSchemas(), AuditRecord.getClassSchema())
                            .filter(audit -> audit.get("readingId") != null)
                            .ifPresent(this::audited);
                } else if (range.topic().equals(RAW) && checked) {
                    reading(record, batch);
                }
            }
            return batch.records().size();
        }

        private void audited(GenericRecord audit) {
            String action = audit.get("action").toString();
            String readingId = audit.get("readingId").toString();
            if (action.equals(AuditAction.READING_REJECTED.name()) || action.equals(AuditAction.ORPHAN_EXPIRED.name())) {
                refusedAtIngest.add(readingId);
            } else if (action.equals(AuditAction.ORPHAN_HELD.name())) {
                onHold.add(readingId);
            }
        }

        private void reading(ArchivedRecord record, DecodedBatch batch) {
            Optional<GenericRecord> decoded = ArchivedValues.decode(record, batch.writerSchemas(), LumeeReading.getClassSchema());
            if (decoded.isEmpty()) {
                report.notAReading();
                return;
            }
            GenericRecord reading = decoded.get();
            String readingId = reading.get("readingId").toString();
            Optional<String> failure = signatures.failure(readingId, reading.get("deviceId").toString(), reading.get("jws").toString());
            if (failure.isEmpty()) {
                report.readingVerified();
            } else if (refusedAtIngest.contains(readingId)) {
                report.readingRefusedAtIngest();
            } else if (onHold.contains(readingId) && !signatures.registered(reading.get("deviceId").toString())) {
                report.readingOnHold();
            } else {
                report.problem("signature: " + record.topic() + "/" + record.partition() + "@" + record.offset() + " reading "
                        + readingId + ": " + failure.get());
            }
        }
    }
}
