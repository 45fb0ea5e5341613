package io.lumee.devstack;

import io.lumee.testkit.fhir.FhirServer;
import io.lumee.testkit.fhir.FhirVersion;
import io.lumee.testkit.kafka.KafkaBroker;
import io.lumee.testkit.kms.KmsStandIn;
import io.lumee.testkit.mllp.MllpServer;
import io.lumee.testkit.registry.ApicurioRegistry;
import io.lumee.testkit.s3.S3MockServer;
import io.lumee.testkit.tls.TestCa;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The real components the suite runs against, all on 127.0.0.1: a Kafka broker (mutual-TLS listener),
 * Apicurio Registry, a HAPI FHIR JPA server (R4), an MLLP EHR peer (mutual TLS), S3Mock and a KMS
 * stand-in. The heavy ones start in their own JVMs, in parallel.
 */
final class Infrastructure implements AutoCloseable {
    final TestCa ca = TestCa.create("Lumee devstack CA");
    final KafkaBroker kafka;
    final ApicurioRegistry registry;
    final FhirServer fhir;
    final MllpServer ehr;
    final S3MockServer s3;
    final KmsStandIn kms;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    private Infrastructure() {
        CompletableFuture<ApicurioRegistry> registryStart = CompletableFuture.supplyAsync(ApicurioRegistry::start);
        CompletableFuture<FhirServer> fhirStart = CompletableFuture.supplyAsync(() -> FhirServer.start(FhirVersion.R4, ca));
        CompletableFuture<S3MockServer> s3Start = CompletableFuture.supplyAsync(S3MockServer::start);
        try {
            kafka = track(() -> KafkaBroker.startWithTls(ca));
            ehr = track(() -> MllpServer.startMutualTls(ca));
            kms = track(KmsStandIn::start);
            registry = track(registryStart::join);
            fhir = track(fhirStart::join);
            s3 = track(s3Start::join);
        } catch (RuntimeException failed) {
            // a server that started while another failed must not outlive the attempt
            registryStart.thenAccept(ApicurioRegistry::close);
            fhirStart.thenAccept(FhirServer::close);
            s3Start.thenAccept(S3MockServer::close);
            close();
            throw failed;
        }
    }

    static Infrastructure start() {
        return new Infrastructure();
    }

    private <T extends AutoCloseable> T track(Supplier<T> starter) {
        T server = starter.get();
        started.push(server);
        return server;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("devstack: stopping a server failed: " + e);
            }
        }
    }
}
