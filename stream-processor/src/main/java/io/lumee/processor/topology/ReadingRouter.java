package io.lumee.processor.topology;

import io.lumee.clinical.DeviceFacts;
import io.lumee.clinical.PatientIdentifier;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SourceCoordinates;
import io.lumee.clinical.Udi;
import io.lumee.platform.kafka.ReadingHeaders;
import io.lumee.platform.patient.PatientKey;
import io.lumee.processor.audit.AuditTrail;
import io.lumee.processor.completeness.CompletenessTracker;
import io.lumee.processor.dedup.DuplicateFilter;
import io.lumee.processor.dedup.DuplicateFilter.Arrival;
import io.lumee.processor.dedup.Outcome;
import io.lumee.processor.device.DeviceCheck;
import io.lumee.processor.freshness.FreshnessCheck;
import io.lumee.processor.metrics.ProcessorMetrics;
import io.lumee.processor.orphans.HeldReading;
import io.lumee.processor.orphans.OrphanHold;
import io.lumee.processor.outputs.ClinicalOutputs;
import io.lumee.processor.outputs.OutputKind;
import io.lumee.processor.patient.PatientAssignmentLookup;
import io.lumee.processor.plausibility.Plausible;
import io.lumee.processor.plausibility.PlausibilityCheck;
import io.lumee.processor.rules.HoldReason;
import io.lumee.processor.rules.RuleSettings;
import io.lumee.processor.rules.Verdict;
import io.lumee.processor.schema.RawRecordCheck;
import io.lumee.processor.signature.SignatureCheck;
import io.lumee.processor.units.NormalizedValue;
import io.lumee.processor.units.UnitNormalizer;
import io.lumee.protocol.JwsVerifier;
import io.lumee.protocol.Reading;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.PatientAssignment;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of DESIGN.md in their order, for one task: every {@code lumee.raw} record ends in the
 * enabled outputs, {@code lumee.rejected} with one reason code, a DUPLICATE audit record, or on hold;
 * every {@code lumee.devices} record updates the device's registration and releases what it now lets
 * through. Both inputs are co-partitioned, so a device's registration, duplicate history and holds all
 * live in this task's stores.
 */
final class ReadingRouter implements Processor<byte[], byte[], Object, Object> {
    static final String REPLAY_HEADER = "lumee-replay";
    private static final Logger LOG = LoggerFactory.getLogger(ReadingRouter.class);
    private static final Duration DEDUP_CLEANUP_INTERVAL = Duration.ofHours(1);

    private final RuleSettings settings;
    private final Deserializer<LumeeReading> readings;
    private final Deserializer<DeviceRegistration> registrations;
    private final PatientKey patientKey;
    private final ProcessorMetrics metrics;
    private final String rawTopic;
    private final String devicesTopic;

    private final RawRecordCheck rawCheck;
    private final SignatureCheck signatureCheck;
    private final FreshnessCheck freshnessCheck;
    private final UnitNormalizer units;
    private final PlausibilityCheck plausibility;
    private final PatientAssignmentLookup patients;
    private final ClinicalOutputs outputs;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> devices;
    private DuplicateFilter duplicates;
    private OrphanHold orphans;
    private long heldHere;
    private final CompletenessTracker completeness = new CompletenessTracker();

    ReadingRouter(RuleSettings settings, Deserializer<LumeeReading> readings,
                  Deserializer<DeviceRegistration> registrations, PatientKey patientKey, ProcessorMetrics metrics,
                  String rawTopic, String devicesTopic) {
        this.settings = settings;
        this.readings = readings;
        this.registrations = registrations;
        this.patientKey = patientKey;
        this.metrics = metrics;
        this.rawTopic = rawTopic;
        this.devicesTopic = devicesTopic;
        this.rawCheck = new RawRecordCheck(readings, settings.rawPartitions());
        this.signatureCheck = new SignatureCheck(new JwsVerifier(settings.masterSecrets()));
        this.freshnessCheck = new FreshnessCheck(settings.duplicateWindow());
        this.units = new UnitNormalizer(settings.pressureUnit());
        this.plausibility = new PlausibilityCheck(settings.plausibility());
        this.patients = new PatientAssignmentLookup(settings.consentRequired());
        this.outputs = new ClinicalOutputs(settings.outputs(), settings.mapping());
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.devices = context.getStateStore(ProcessorTopology.DEVICES_STORE);
        this.duplicates = new DuplicateFilter(context.getStateStore(ProcessorTopology.DEDUP_STORE),
                settings.duplicateWindow(), settings.maxRunsPerDevice());
        this.orphans = new OrphanHold(context.getStateStore(ProcessorTopology.ORPHAN_STORE));
        heldHere = orphans.count();
        metrics.heldChanged(heldHere);
        context.schedule(settings.orphanCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::expireHolds);
        context.schedule(DEDUP_CLEANUP_INTERVAL, PunctuationType.WALL_CLOCK_TIME,
                now -> duplicates.forgetOlderThan(Instant.ofEpochMilli(now)));
        context.schedule(settings.completenessInterval(), PunctuationType.WALL_CLOCK_TIME,
                now -> metrics.completeness(context.taskId().toString(), completeness.closeInterval()));
    }

    @Override
    public void close() {
        metrics.heldChanged(-heldHere);
        metrics.taskClosed(context.taskId().toString());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        if (metadata.topic().equals(devicesTopic)) {
            onRegistration(record);
        } else {
            onReading(record, new SourceCoordinates(metadata.topic(), metadata.partition(), metadata.offset()));
        }
    }

    private void onReading(Record<byte[], byte[]> record, SourceCoordinates source) {
        Verdict<LumeeReading> decoded = rawCheck.check(rawTopic, record.key(), record.value(), source.partition(), record.timestamp());
        if (decoded instanceof Verdict.Reject<LumeeReading> reject) {
            rejectUnreadable(record, source, reject);
            return;
        }
        LumeeReading reading = ((Verdict.Pass<LumeeReading>) decoded).value();
        Arrival arrival = isReplay(record) ? Arrival.REPLAYED : Arrival.NEW;
        HeldReading asHeld = new HeldReading(reading.getReadingId(), reading.getDeviceId(), reading.getDeviceTime(),
                reading.getReceivedAt(), record.value(), source, Instant.ofEpochMilli(context.currentSystemTimeMs()),
                HoldReason.NO_REGISTRATION);
        evaluateSafely(reading, asHeld, arrival, false);
    }

    private void onRegistration(Record<byte[], byte[]> record) {
        String deviceId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (deviceId == null) {
            LOG.warn("ignored a lumee.devices record without a key");
            return;
        }
        if (record.value() == null) {
            devices.delete(deviceId);
            return;
        }
        DeviceRegistration registration;
        try {
            registration = registrations.deserialize(devicesTopic, record.value());
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("deviceId", deviceId).addKeyValue("error", e.getClass().getSimpleName())
                    .log("ignored an undecodable lumee.devices record; the previous registration stays in force");
            return;
        }
        if (!deviceId.equals(registration.getDeviceId())) {
            LOG.atWarn().addKeyValue("deviceId", deviceId)
                    .log("ignored a lumee.devices record whose key is not its deviceId");
            return;
        }
        devices.put(deviceId, record.value());
        for (HeldReading held : orphans.heldFor(deviceId)) {
            orphans.remove(held);
            heldChanged(-1);
            LumeeReading reading = readings.deserialize(rawTopic, held.value());
            evaluateSafely(reading, held, Arrival.RELEASED, true);
        }
    }

    /** A poison record must never stop the stream: an unexpected failure refuses the one reading. */
    private void evaluateSafely(LumeeReading reading, HeldReading asHeld, Arrival arrival, boolean wasHeld) {
        try {
            evaluate(reading, asHeld, arrival, wasHeld);
        } catch (RuntimeException e) {
            LOG.atError().addKeyValue("readingId", reading.getReadingId()).setCause(e)
                    .log("a reading could not be processed; refused as SCHEMA");
            reject(asHeld, "unexpected", RejectionReason.SCHEMA,
                    "could not be processed (" + e.getClass().getSimpleName() + ")", false, wasHeld);
        }
    }

    private void evaluate(LumeeReading reading, HeldReading asHeld, Arrival arrival, boolean wasHeld) {
        DeviceRegistration registration = registration(reading.getDeviceId());
        Verdict<DeviceRegistration> device = DeviceCheck.check(registration);
        if (device instanceof Verdict.Hold<DeviceRegistration> hold) {
            hold(asHeld, hold.reason(), wasHeld);
            return;
        }
        if (device instanceof Verdict.Reject<DeviceRegistration> reject) {
            reject(asHeld, "device", reject.reason(), reject.detail(), false, wasHeld);
            return;
        }
        Verdict<Reading> signature = signatureCheck.check(reading, registration);
        if (signature instanceof Verdict.Reject<Reading> reject) {
            // not remembered: a forgery must not block the genuine reading's id
            reject(asHeld, "signature", reject.reason(), reject.detail(), false, wasHeld);
            return;
        }
        if (freshnessCheck.check(reading) instanceof Verdict.Reject<LumeeReading> reject) {
            reject(asHeld, "freshness", reject.reason(), reject.detail(), false, wasHeld);
            return;
        }
        if (duplicates.isDuplicate(reading.getDeviceId(), reading.getEpoch(), reading.getSequence(), arrival)) {
            duplicate(asHeld, wasHeld);
            return;
        }
        if (!wasHeld) {
            completeness.received(reading.getDeviceId(), reading.getEpoch(), reading.getSequence());
        }
        Verdict<NormalizedValue> normalized = units.normalize(reading.getTissueO2(), reading.getUnits());
        if (normalized instanceof Verdict.Reject<NormalizedValue> reject) {
            reject(asHeld, "units", reject.reason(), reject.detail(), true, wasHeld);
            return;
        }
        NormalizedValue value = ((Verdict.Pass<NormalizedValue>) normalized).value();
        Verdict<Plausible> plausible = plausibility.check(value.canonical(), reading.getSignalQuality(),
                reading.getDeviceTime(), reading.getReceivedAt());
        if (plausible instanceof Verdict.Reject<Plausible> reject) {
            reject(asHeld, "plausibility", reject.reason(), reject.detail(), true, wasHeld);
            return;
        }
        Verdict<PatientAssignment> patient = patients.lookup(registration, reading.getDeviceTime());
        if (patient instanceof Verdict.Hold<PatientAssignment> hold) {
            remember(asHeld, Outcome.HELD);
            hold(asHeld, hold.reason(), wasHeld);
            return;
        }
        if (patient instanceof Verdict.Reject<PatientAssignment> reject) {
            reject(asHeld, "patient", reject.reason(), reject.detail(), true, wasHeld);
            return;
        }
        PatientAssignment assignment = ((Verdict.Pass<PatientAssignment>) patient).value();
        deliver(reading, asHeld, registration, assignment, value, ((Verdict.Pass<Plausible>) plausible).value(), wasHeld);
    }

    private void deliver(LumeeReading reading, HeldReading source, DeviceRegistration registration,
                         PatientAssignment assignment, NormalizedValue value, Plausible flags, boolean wasHeld) {
        // a corrected clock: the receipt time is the best estimate of when the reading was taken
        Instant effectiveTime = flags.clockCorrection().isPresent() ? reading.getReceivedAt() : reading.getDeviceTime();
        ProcessedReading processed = new ProcessedReading(reading.getReadingId(), reading.getDeviceId(),
                reading.getEpoch(), reading.getSequence(), effectiveTime, reading.getReceivedAt(),
                value.canonical(), value.original().orElse(null), reading.getSignalQuality(), flags.lowQuality(),
                reading.getSdkVersion(), reading.getFirmware(), reading.getJws(),
                new PatientIdentifier(assignment.getPatientSystem(), assignment.getPatientValue()),
                assignment.getConsentRef(),
                new DeviceFacts(registration.getFacility(), Udi.parse(registration.getUdi()).orElse(null)),
                source.source(), flags.clockCorrection().orElse(null));
        Map<OutputKind, String> mapped = outputs.map(processed);
        String subjectKey = patientKey.of(assignment.getPatientSystem(), assignment.getPatientValue());
        long timestamp = reading.getReceivedAt().toEpochMilli();
        mapped.forEach((kind, text) -> context.forward(
                new Record<Object, Object>(subjectKey, text, timestamp, headers(source)), ProcessorTopology.sinkFor(kind)));
        remember(source, Outcome.DELIVERED);
        audit(source, wasHeld ? AuditAction.ORPHAN_RELEASED : AuditAction.READING_ACCEPTED, "delivered",
                subjectKey, null, "to " + mapped.keySet());
        if (wasHeld) {
            metrics.reading("orphans", "released", "none");
        }
        metrics.accepted(reading.getSignalQuality(), reading.getDeviceTime(), reading.getReceivedAt(),
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
    }

    private void hold(HeldReading held, HoldReason reason, boolean wasHeld) {
        // a release that still cannot go through keeps its original hold time: holds never extend themselves
        orphans.hold(held.withReason(reason));
        heldChanged(1);
        if (wasHeld) {
            return;
        }
        context.forward(new Record<Object, Object>(held.deviceId(), held.value(), held.receivedAt().toEpochMilli(),
                headers(held)), ProcessorTopology.ORPHANS_SINK);
        audit(held, AuditAction.ORPHAN_HELD, "held", null, reason.name(), "waiting for "
                + (reason == HoldReason.NO_REGISTRATION ? "a registration" : "a patient assignment"));
        metrics.reading("orphans", "held", reason.name());
    }

    private void expireHolds(long now) {
        for (HeldReading held : orphans.expired(Instant.ofEpochMilli(now), settings.orphanHold())) {
            orphans.remove(held);
            heldChanged(-1);
            RejectionReason reason = held.reason().onExpiry();
            reject(held, "orphans", reason, "hold expired after " + settings.orphanHold().toHours() + " h",
                    held.reason() == HoldReason.NO_PATIENT, true);
        }
    }

    private void duplicate(HeldReading reading, boolean wasHeld) {
        audit(reading, AuditAction.DUPLICATE, "dropped", null, "DUPLICATE",
                wasHeld ? "released orphan already delivered or rejected" : "readingId already delivered or rejected");
        metrics.duplicate();
    }

    /**
     * @param remember whether the duplicate filter records the refusal: only for authentic readings
     * @param wasHeld whether the refusal ends a hold (released into a refusal, or expired)
     */
    private void reject(HeldReading reading, String stage, RejectionReason reason, String detail, boolean remember,
                        boolean wasHeld) {
        if (remember) {
            remember(reading, Outcome.REJECTED);
        }
        Rejection rejection = rejection(reading.readingId(), reading.deviceId(), reason, detail, stage,
                reading.source(), reading.value());
        context.forward(new Record<Object, Object>(reading.deviceId(), rejection, reading.receivedAt().toEpochMilli(),
                headers(reading)), ProcessorTopology.REJECTED_SINK);
        boolean expired = wasHeld && stage.equals("orphans");
        audit(reading, expired ? AuditAction.ORPHAN_EXPIRED : AuditAction.READING_REJECTED, "rejected", null,
                reason.name(), detail);
        metrics.reading(stage, expired ? "expired" : "rejected", reason.name());
    }

    private void rejectUnreadable(Record<byte[], byte[]> record, SourceCoordinates source,
                                  Verdict.Reject<LumeeReading> reject) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        Rejection rejection = rejection(null, null, reject.reason(), reject.detail(), "schema", source,
                record.value() == null ? new byte[0] : record.value());
        context.forward(new Record<Object, Object>(key, rejection, record.timestamp()), ProcessorTopology.REJECTED_SINK);
        context.forward(new Record<Object, Object>(key, AuditTrail.record(AuditAction.READING_REJECTED, "rejected",
                null, null, null, reject.reason().name(), reject.detail(), now()), record.timestamp()),
                ProcessorTopology.AUDIT_SINK);
        metrics.reading("schema", "rejected", reject.reason().name());
    }

    private Rejection rejection(String readingId, String deviceId, RejectionReason reason, String detail, String stage,
                                SourceCoordinates source, byte[] original) {
        return Rejection.newBuilder()
                .setReadingId(readingId)
                .setDeviceId(deviceId)
                .setReason(reason)
                .setDetail(detail)
                .setStage(stage)
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setOriginal(ByteBuffer.wrap(original))
                .setAt(now())
                .build();
    }

    private void audit(HeldReading reading, AuditAction action, String outcome, String subjectKey, String reason,
                       String detail) {
        context.forward(new Record<Object, Object>(reading.deviceId(), AuditTrail.record(action, outcome,
                reading.readingId(), reading.deviceId(), subjectKey, reason, detail, now()),
                reading.receivedAt().toEpochMilli(), headers(reading)), ProcessorTopology.AUDIT_SINK);
    }

    private void remember(HeldReading reading, Outcome outcome) {
        duplicates.remember(reading.deviceId(), reading.epoch(), reading.sequence(), outcome,
                reading.deviceTime(), reading.receivedAt());
    }

    private DeviceRegistration registration(String deviceId) {
        byte[] bytes = devices.get(deviceId);
        return bytes == null ? null : registrations.deserialize(devicesTopic, bytes);
    }

    private void heldChanged(long delta) {
        heldHere += delta;
        metrics.heldChanged(delta);
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private static boolean isReplay(Record<byte[], byte[]> record) {
        Header replay = record.headers().lastHeader(REPLAY_HEADER);
        return replay != null && "1".equals(new String(replay.value(), StandardCharsets.UTF_8));
    }

    private static RecordHeaders headers(HeldReading reading) {
        RecordHeaders headers = new RecordHeaders();
        new ReadingHeaders(reading.readingId(), reading.deviceId(), reading.deviceTime(), reading.receivedAt())
                .writeTo(headers);
        return headers;
    }
}
