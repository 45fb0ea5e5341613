package io.lumee.gateway;

import io.lumee.gateway.audit.AuditTrail;
import io.lumee.gateway.identity.AccessPolicy;
import io.lumee.gateway.identity.DeviceDirectory;
import io.lumee.gateway.identity.DeviceFollower;
import io.lumee.gateway.ingest.DeviceRateLimiter;
import io.lumee.gateway.ingest.IngestPlanner;
import io.lumee.gateway.ingest.ReadingSender;
import io.lumee.gateway.ingest.ReadingsHandler;
import io.lumee.gateway.tls.CertificateRejections;
import io.lumee.gateway.tls.GatewaySslContextFactory;
import io.lumee.gateway.tls.HandshakeAudit;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.topics.Topics;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;

/** The edge-gateway: reads config, wires the parts, serves until SIGTERM. */
public final class Main {

    public static final String SERVICE = "edge-gateway";
    private static final Duration AUDIT_SEND_BOUND = Duration.ofMinutes(2);
    private static final Duration DEVICES_CATCH_UP = Duration.ofMinutes(2);

    private Main() {}

    public static void main(String[] args) {
        ServiceRuntime.run(SERVICE, GatewayConfig::from, Main::wire);
    }

    /** Parts close in reverse order: the listener first, then the producers it feeds, then the devices view. */
    public static void wire(GatewayConfig config, ServiceRuntime runtime) throws Exception {
        Topics topics = Topics.create(config.registry());

        DeviceDirectory directory = new DeviceDirectory();
        DeviceFollower follower = runtime.closeOnShutdown("devices follower",
                new DeviceFollower(config.kafka(), topics.devices(), directory)).start();
        runtime.readiness().register("devices", follower::caughtUp);
        // The listener opens only once every registration is read: devices do not wait for readiness probes,
        // and a view still empty would let a revoked device's readings through in the first seconds.
        if (!follower.awaitCaughtUp(DEVICES_CATCH_UP)) {
            throw new IllegalStateException("lumee.devices not read to its end within " + DEVICES_CATCH_UP.toSeconds() + " s");
        }
        runtime.meters().gauge("lumee.gateway.devices.known", directory, DeviceDirectory::size);

        // the audit trail sends off the request path: it may wait out a slow broker rather than drop a record
        KafkaProducer<String, AuditRecord> auditProducer = KafkaProducers.create(config, topics.audit(),
                "lumee-edge-gateway-audit", AUDIT_SEND_BOUND);
        runtime.closeOnShutdown("audit producer", KafkaProducers.closing(auditProducer));
        AuditTrail audit = runtime.closeOnShutdown("audit trail", new AuditTrail(auditProducer, topics.audit(), runtime.meters()));

        KafkaProducer<String, LumeeReading> readings = KafkaProducers.create(config, topics.raw(), "lumee-edge-gateway",
                config.produceTimeout());
        runtime.closeOnShutdown("readings producer", KafkaProducers.closing(readings));

        IngestPlanner planner = new IngestPlanner(config.limits(), new AccessPolicy(directory), new DeviceRateLimiter(config.limits()));
        ReadingsHandler handler = new ReadingsHandler(planner, new ReadingSender(readings, topics.raw(), runtime.meters()), audit,
                runtime.meters(), config.limits(), config.produceTimeout());
        CertificateRejections rejections = new CertificateRejections();
        runtime.closeOnShutdown("https listener", HttpsServer.start(config.host(), config.port(),
                new GatewaySslContextFactory(config.tls(), rejections), new HandshakeAudit(rejections, audit, runtime.meters()), handler));
    }
}
