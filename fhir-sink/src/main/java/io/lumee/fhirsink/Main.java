package io.lumee.fhirsink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.fhirsink.auth.Authorization;
import io.lumee.fhirsink.auth.BearerTokenFile;
import io.lumee.fhirsink.auth.ClientCredentialsGrant;
import io.lumee.fhirsink.bundle.BundleMerger;
import io.lumee.fhirsink.bundle.BundleReader;
import io.lumee.fhirsink.delivery.FhirTransactionClient;
import io.lumee.fhirsink.delivery.ParallelDelivery;
import io.lumee.fhirsink.delivery.RetryingPoster;
import io.lumee.fhirsink.kafka.KafkaClientFactory;
import io.lumee.fhirsink.kafka.TopicDrain;
import io.lumee.fhirsink.metrics.SinkMetrics;
import io.lumee.fhirsink.rejection.OutcomeRedactor;
import io.lumee.fhirsink.rejection.Rejections;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.platform.tls.TlsContext;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.Topics;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Wires the fhir-sink: per configured FHIR version, a drain of its topic into its server. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        ServiceRuntime.run("fhir-sink", FhirSinkConfig::from, Main::wire);
    }

    public static void wire(FhirSinkConfig config, ServiceRuntime runtime) throws Exception {
        wire(config, runtime, KafkaClientFactory.REAL);
    }

    /** The service's parts, started inside a {@link ServiceRuntime}; tests and the devstack call it too. */
    public static void wire(FhirSinkConfig config, ServiceRuntime runtime, KafkaClientFactory kafka) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Topics topics = Topics.create(RegistrySettings.of(config.registry().url(), config.registry().autoRegister()));
        TlsContext tls = TlsContext.create(config.tls());
        Authorization authorization = authorization(config.auth(), tls, json);
        for (FhirVersion version : config.versions()) {
            String sink = "fhir-" + version.lowerCase();
            String group = config.groupId(version);
            String topic = version.topic(topics).name();
            SinkMetrics metrics = new SinkMetrics(runtime.meters(), sink);
            FhirTransactionClient client = runtime.closeOnShutdown(sink + " client", FhirTransactionClient.create(
                    version.newContext(), config.baseUrls().get(version).toString(), tls.sslContext(), config.tls().protocols(),
                    config.connectTimeout(), config.requestTimeout(), config.lanes(), authorization));
            RetryingPoster poster = new RetryingPoster(client, config.retry(), metrics);
            ParallelDelivery delivery = new ParallelDelivery(config.lanes(), config.maxEntries(), new BundleMerger(json), poster,
                    new OutcomeRedactor(json), metrics);

            Map<String, Object> consumer = config.kafka().consumerProperties(group);
            consumer.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
            consumer.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId() + "-" + version.lowerCase());
            Map<String, Object> producer = config.kafka().producerProperties();
            producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group + "-" + config.instanceId());
            TopicDrain drain = runtime.closeOnShutdown(sink + " drain", new TopicDrain(topic, kafka.consumer(consumer),
                    kafka.producer(producer, topics.rejected().valueSerde().serializer()), new BundleReader(json), delivery,
                    new Rejections(topics.rejected().name())));
            metrics.lag(group, topic, drain::lag);
            runtime.readiness().register(sink + "-kafka", drain::ready);
            runtime.readiness().register(sink + "-server", poster::serverReachable);
            // a drain that cannot go on stops the service (its orchestrator restarts it); on a thread of its
            // own, since shutting down waits for the drain's thread
            drain.start(failure -> new Thread(runtime::shutdown, "fhir-sink-stop").start());
        }
    }

    private static Authorization authorization(FhirSinkConfig.Auth auth, TlsContext tls, ObjectMapper json) {
        if (auth instanceof FhirSinkConfig.Auth.BearerFile bearer) {
            return new BearerTokenFile(bearer.file());
        }
        if (auth instanceof FhirSinkConfig.Auth.ClientCredentials grant) {
            HttpClient http = HttpClient.newBuilder().sslContext(tls.sslContext()).sslParameters(tls.clientParameters()).build();
            return new ClientCredentialsGrant(grant.tokenUrl(), grant.clientId(), grant.secretFile(), grant.scope(), http, json,
                    Clock.systemUTC());
        }
        return Authorization.NONE;
    }
}
