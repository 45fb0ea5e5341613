package io.lumee.processor.topology;

import io.lumee.clinical.MappingConfig;
import io.lumee.platform.config.Secret;
import io.lumee.platform.patient.PatientKey;
import io.lumee.processor.SignedReadings;
import io.lumee.processor.metrics.ProcessorMetrics;
import io.lumee.processor.outputs.OutputKind;
import io.lumee.processor.plausibility.PlausibilityRules;
import io.lumee.processor.rules.RuleSettings;
import io.lumee.processor.units.PressureUnit;
import io.lumee.protocol.MasterSecrets;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.Topics;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.TestServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The topology in a TopologyTestDriver, with the real schema registry behind its serdes, and the inputs
 * and outputs a test needs. Wall-clock time is the driver's: {@link #advanceWallClock} moves it.
 */
final class ProcessorFixture implements AutoCloseable {
    static final byte[] PATIENT_KEY_SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final Instant START = Instant.parse("2026-11-20T12:00:00Z");

    final Topics topics;
    final PatientKey patientKey = new PatientKey(Secret.of(PATIENT_KEY_SECRET));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    private final Path stateDir = TempDirs.create("ttd-state");
    private final TestInputTopic<byte[], byte[]> raw;
    private final TestInputTopic<byte[], byte[]> devices;
    final TestOutputTopic<String, String> fhirR4;
    final TestOutputTopic<String, String> fhirR5;
    final TestOutputTopic<String, String> hl7;
    final TestOutputTopic<String, Rejection> rejected;
    final TestOutputTopic<String, AuditRecord> audit;
    final TestOutputTopic<String, byte[]> orphans;

    ProcessorFixture() {
        this(settings().build());
    }

    ProcessorFixture(RuleSettings settings) {
        topics = Topics.create(RegistrySettings.of(TestServers.registry().registryUrl(), true));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "processor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(ProcessorTopology.build(settings, topics, patientKey, new ProcessorMetrics(meters, 0.95)),
                props, START);
        ByteArraySerializer bytes = new ByteArraySerializer();
        raw = driver.createInputTopic(topics.raw().name(), bytes, bytes);
        devices = driver.createInputTopic(topics.devices().name(), bytes, bytes);
        StringDeserializer text = new StringDeserializer();
        fhirR4 = driver.createOutputTopic(topics.fhirR4().name(), text, text);
        fhirR5 = driver.createOutputTopic(topics.fhirR5().name(), text, text);
        hl7 = driver.createOutputTopic(topics.hl7v2Oru().name(), text, text);
        rejected = driver.createOutputTopic(topics.rejected().name(), text, topics.rejected().valueSerde().deserializer());
        audit = driver.createOutputTopic(topics.audit().name(), text, topics.audit().valueSerde().deserializer());
        orphans = driver.createOutputTopic(topics.orphans().name(), text, new ByteArrayDeserializer());
    }

    static SettingsBuilder settings() {
        return new SettingsBuilder();
    }

    void register(DeviceRegistration registration) {
        byte[] value = topics.devices().valueSerde().serializer().serialize(topics.devices().name(), registration);
        devices.pipeInput(new TestRecord<>(key(registration.getDeviceId()), value, registration.getUpdatedAt()));
    }

    void send(LumeeReading reading) {
        pipe(key(reading.getDeviceId()), encode(reading), reading.getReceivedAt(), new RecordHeaders());
    }

    void replay(LumeeReading reading) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("lumee-replay", "1".getBytes(StandardCharsets.UTF_8));
        pipe(key(reading.getDeviceId()), encode(reading), reading.getReceivedAt(), headers);
    }

    void sendRaw(byte[] key, byte[] value, Instant timestamp) {
        pipe(key, value, timestamp, new RecordHeaders());
    }

    byte[] encode(LumeeReading reading) {
        return topics.raw().valueSerde().serializer().serialize(topics.raw().name(), reading);
    }

    private void pipe(byte[] key, byte[] value, Instant timestamp, RecordHeaders headers) {
        raw.pipeInput(new TestRecord<>(key, value, headers, timestamp));
    }

    void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    static byte[] key(String deviceId) {
        return deviceId.getBytes(StandardCharsets.UTF_8);
    }

    List<AuditRecord> auditRecords() {
        return audit.readValuesToList();
    }

    String patientKeyOf(String value) {
        return patientKey.of(SignedReadings.PATIENT_SYSTEM, value);
    }

    @Override
    public void close() {
        driver.close();
        TempDirs.deleteQuietly(stateDir);
    }

    /** Test settings: one raw partition (the driver has one), every output on, the defaults otherwise. */
    static final class SettingsBuilder {
        int rawPartitions = 1;
        MasterSecrets masters = MasterSecrets.of(SignedReadings.MASTER_V1);
        Duration window = Duration.ofDays(7);
        int maxRuns = 1000;
        boolean consentRequired;
        Duration orphanHold = Duration.ofHours(24);
        Set<OutputKind> outputs = Set.of(OutputKind.FHIR_R4, OutputKind.FHIR_R5, OutputKind.HL7V2);
        PlausibilityRules plausibility = PlausibilityRules.defaults();

        SettingsBuilder clockSkew(io.lumee.processor.plausibility.ClockSkewPolicy policy) {
            PlausibilityRules defaults = PlausibilityRules.defaults();
            plausibility = new PlausibilityRules(defaults.ranges(), defaults.maxClockSkew(), policy,
                    defaults.lowQualityBelow());
            return this;
        }

        SettingsBuilder rawPartitions(int value) {
            rawPartitions = value;
            return this;
        }

        SettingsBuilder masters(io.lumee.protocol.MasterSecret... secrets) {
            masters = MasterSecrets.of(Arrays.asList(secrets));
            return this;
        }

        SettingsBuilder consentRequired() {
            consentRequired = true;
            return this;
        }

        SettingsBuilder outputs(OutputKind... kinds) {
            outputs = Set.of(kinds);
            return this;
        }

        RuleSettings build() {
            return new RuleSettings(rawPartitions, masters, window, maxRuns, PressureUnit.MM_HG,
                    plausibility, consentRequired, orphanHold, Duration.ofMinutes(1), Duration.ofMinutes(5), outputs,
                    MappingConfig.defaults("0.1.0-test", "1"));
        }
    }
}
