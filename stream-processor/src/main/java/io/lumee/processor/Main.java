package io.lumee.processor;

import io.lumee.platform.patient.PatientKey;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.processor.metrics.ProcessorMetrics;
import io.lumee.processor.rules.RuleSettings;
import io.lumee.processor.topology.ProcessorTopology;
import io.lumee.processor.topology.RawPartitions;
import io.lumee.protocol.MasterSecrets;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.Topics;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/** Wires the stream-processor: config, topics, rules, the Kafka Streams app, and the platform endpoints. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        ServiceRuntime.run("stream-processor", ProcessorConfig::from, Main::wire);
    }

    /** The service's parts, started inside a {@link ServiceRuntime}; tests and the devstack call it too. */
    public static void wire(ProcessorConfig config, ServiceRuntime runtime) throws Exception {
        Topics topics = Topics.create(RegistrySettings.of(config.registry().url(), config.registry().autoRegister()));
        RuleSettings rules = new RuleSettings(
                RawPartitions.count(config.kafka(), topics.raw().name()),
                MasterSecrets.of(config.masterSecrets().stream().map(ProcessorConfig.MasterSecretFile::load).toList()),
                config.duplicateWindow(), config.maxRunsPerDevice(), config.pressureUnit(), config.plausibility(),
                config.consentRequired(), config.orphanHold(), config.orphanCheckInterval(),
                config.completenessInterval(), config.outputs(),
                config.mapping());
        Properties streams = new Properties();
        streams.putAll(config.kafka().streamsProperties(config.applicationId()));
        streams.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        streams.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        streams.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        KafkaStreams app = new KafkaStreams(ProcessorTopology.build(rules, topics,
                new PatientKey(config.patientKey()), new ProcessorMetrics(runtime.meters(), config.completenessThreshold())), streams);
        runtime.closeOnShutdown("kafka streams", app::close);
        runtime.readiness().register("streams-running", () -> app.state() == KafkaStreams.State.RUNNING);
        app.start();
    }
}
