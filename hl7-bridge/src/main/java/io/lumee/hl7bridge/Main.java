package io.lumee.hl7bridge;

import io.lumee.hl7bridge.delivery.Courier;
import io.lumee.hl7bridge.kafka.Hl7Bridge;
import io.lumee.hl7bridge.metrics.BridgeMetrics;
import io.lumee.hl7bridge.mllp.MllpConnector;
import io.lumee.hl7bridge.routing.DestinationRouter;
import io.lumee.hl7bridge.routing.MllpDestination;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.Topic;
import io.lumee.schemas.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Wires the hl7-bridge: config, topics, MLLP destinations, one courier per lane, the Kafka clients, and the platform endpoints. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run("hl7-bridge", BridgeConfig::from, Main::wire);
    }

    /** The service's parts, started inside a {@link ServiceRuntime}; tests and the devstack call it too. */
    public static void wire(BridgeConfig config, ServiceRuntime runtime) throws Exception {
        Topics topics = Topics.create(RegistrySettings.of(config.registry().url(), config.registry().autoRegister()));
        Topic<String, String> source = topics.hl7v2Oru();
        Topic<String, Rejection> rejected = topics.rejected();
        BridgeMetrics metrics = new BridgeMetrics(runtime.meters(), config.destinations().stream().map(MllpDestination::name).toList());
        MllpConnector connector = MllpConnector.create(config.destinations(), config.connectTimeout(), metrics);
        DestinationRouter router = config.router();
        List<Courier> couriers = IntStream.range(0, config.lanes())
                .mapToObj(lane -> new Courier(router, connector, config.delivery(), metrics)).toList();

        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config.kafka().consumerProperties(config.groupId()),
                source.keySerde().deserializer(), source.valueSerde().deserializer());
        Map<String, Object> producerProperties = config.kafka().producerProperties();
        producerProperties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        KafkaProducer<String, Rejection> producer = new KafkaProducer<>(producerProperties,
                rejected.keySerde().serializer(), rejected.valueSerde().serializer());

        // a fatal Kafka error stops the whole service (and the platform restarts it); from another
        // thread, since shutting down closes the bridge, which waits for its own thread
        Runnable stopService = () -> new Thread(runtime::shutdown, "hl7-bridge-fatal-stop").start();
        Hl7Bridge bridge = runtime.closeOnShutdown("hl7 bridge", new Hl7Bridge(config.bridgeSettings(), consumer, producer,
                source, rejected, couriers, metrics, stopService));
        runtime.readiness().register("kafka", bridge::isRunning);
        bridge.start();
    }
}
