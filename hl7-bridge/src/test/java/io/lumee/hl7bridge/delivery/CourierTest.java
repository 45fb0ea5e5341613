package io.lumee.hl7bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumee.hl7bridge.metrics.BridgeMetrics;
import io.lumee.hl7bridge.mllp.MllpConnector;
import io.lumee.hl7bridge.routing.DestinationRouter;
import io.lumee.hl7bridge.routing.MllpDestination;
import io.lumee.hl7bridge.routing.Transport;
import io.lumee.hl7bridge.testing.OruMessages;
import io.lumee.hl7bridge.testing.OruMessages.Sent;
import io.lumee.platform.config.HostPort;
import io.lumee.platform.config.Secret;
import io.lumee.platform.tls.KeyStoreFile;
import io.lumee.platform.tls.TlsSettings;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.mllp.Answer;
import io.lumee.testkit.mllp.MllpServer;
import io.lumee.testkit.mllp.ReceivedMessage;
import io.lumee.testkit.tls.CertificateSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One courier against the real test EHR, answer by answer; no Kafka here. */
class CourierTest {
    private static final DeliveryRules RULES = new DeliveryRules(AckPolicy.defaults(),
            new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), 2, Duration.ofMillis(700));
    private static final AtomicInteger PATIENTS = new AtomicInteger();
    private static MllpServer plain;
    private static MllpServer mutualTls;
    private static Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BridgeMetrics metrics = new BridgeMetrics(meters, List.of("ehr"));

    @BeforeAll
    static void startEhrs() {
        plain = MllpServer.startPlain();
        mutualTls = MllpServer.startMutualTls(TestServers.ca());
        dir = TempDirs.create("courier");
    }

    @AfterAll
    static void stopEhrs() {
        plain.close();
        mutualTls.close();
        TempDirs.deleteQuietly(dir);
    }

    @Test
    void anAcceptedMessageIsDeliveredOnce() throws Exception {
        Sent message = nextMessage();

        Outcome outcome = deliver(courierTo(plain), message);

        assertThat(outcome).isEqualTo(new Outcome.Delivered("ehr", 1));
        assertThat(plain.received(message.controlId())).singleElement()
                .satisfies(received -> assertThat(received.er7()).isEqualTo(message.er7()));
        assertThat(meters.get("lumee.mllp.acks").tags("destination", "ehr", "code", "AA").counter().count()).isEqualTo(1);
    }

    @Test
    void anErrorIsRejectedAtOnceWithItsTextButNoIdentifierOrValue() throws Exception {
        Sent message = nextMessage();
        plain.answer(message.controlId(), Answer.error("patient " + message.mrn() + " unknown, value " + message.value()));

        Outcome outcome = deliver(courierTo(plain), message);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> {
            assertThat(rejected.attempts()).isEqualTo(1);
            assertThat(rejected.detail()).startsWith("AE; MSA-3: patient *** unknown, value ***")
                    .contains("ERR: ", "from ehr").doesNotContain(message.mrn(), String.valueOf(message.value()));
        });
        assertThat(plain.received(message.controlId())).hasSize(1);
    }

    @Test
    void aRejectionThenAnAcceptIsDeliveredOnTheSameConnection() throws Exception {
        Sent message = nextMessage();
        plain.answer(message.controlId(), Answer.reject("engine busy"));

        Outcome outcome = deliver(courierTo(plain), message);

        assertThat(outcome).isEqualTo(new Outcome.Delivered("ehr", 2));
        List<ReceivedMessage> received = plain.received(message.controlId());
        assertThat(received).extracting(ReceivedMessage::connection).containsExactly(received.get(0).connection(), received.get(0).connection());
        assertThat(meters.get("lumee.sink.retries").counter().count()).isEqualTo(1);
    }

    @Test
    void rejectionsPastTheLimitAreRejected() throws Exception {
        Sent message = nextMessage();
        plain.answerAlways(message.controlId(), Answer.reject("engine down"));

        Outcome outcome = deliver(courierTo(plain), message);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> {
            assertThat(rejected.attempts()).isEqualTo(RULES.maxRetries() + 1);
            assertThat(rejected.detail()).startsWith("AR; MSA-3: engine down");
        });
        assertThat(plain.received(message.controlId())).hasSize(RULES.maxRetries() + 1);
    }

    enum NoAck {
        WRONG_CONTROL_ID(Answer.wrongControlId(), "wrong-control-id"),
        SILENCE(Answer.silence(), "no-ack"),
        GARBAGE(Answer.garbage(), "garbled"),
        DROPPED(Answer.dropConnection(), "connection-failed");

        final Answer answer;
        final String status;

        NoAck(Answer answer, String status) {
            this.answer = answer;
            this.status = status;
        }
    }

    @ParameterizedTest
    @EnumSource(NoAck.class)
    void withoutAUsableAckTheSameMessageIsSentAgainOnANewConnection(NoAck failure) throws Exception {
        Sent message = nextMessage();
        plain.answer(message.controlId(), failure.answer, failure.answer);

        Outcome outcome = deliver(courierTo(plain), message);

        assertThat(outcome).isEqualTo(new Outcome.Delivered("ehr", 3));
        List<ReceivedMessage> received = plain.received(message.controlId());
        assertThat(received).hasSize(3).allSatisfy(resend -> assertThat(resend.er7()).isEqualTo(message.er7()));
        assertThat(received).extracting(ReceivedMessage::connection).doesNotHaveDuplicates();
        assertThat(meters.get("lumee.sink.requests").tags("sink", "hl7", "status", failure.status).counter().count()).isEqualTo(2);
    }

    @Test
    void aCancelledDeliveryIsAbandonedWithoutWaitingForItsTimeout() throws Exception {
        Sent message = nextMessage();
        plain.answerAlways(message.controlId(), Answer.silence());
        Courier courier = courierTo(plain, new DeliveryRules(AckPolicy.defaults(),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), 2, Duration.ofMinutes(5)));
        CancellationLatch cancellation = new CancellationLatch();

        CompletableFuture<Outcome> outcome = CompletableFuture.supplyAsync(() -> courier.deliver(outboundOf(message), cancellation));
        while (plain.received(message.controlId()).isEmpty()) {
            Thread.sleep(10);
        }
        cancellation.cancel();
        courier.abortIfCancelled();

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(Outcome.Abandoned.class);
        courier.close();
    }

    @Test
    void mutualTlsDeliversWithAClientCertificate() throws Exception {
        Sent message = nextMessage();
        Courier courier = courier(new MllpDestination("ehr", new HostPort(mutualTls.host(), mutualTls.port()), Transport.MTLS,
                Optional.of(tls(true)), Set.of(), Set.of()), RULES);

        assertThat(deliver(courier, message)).isEqualTo(new Outcome.Delivered("ehr", 1));
        assertThat(mutualTls.received(message.controlId())).hasSize(1);
    }

    @Test
    void withoutAClientCertificateTheMutualTlsEhrRefusesEveryAttempt() throws Exception {
        Sent message = nextMessage();
        int failuresBefore = mutualTls.handshakeFailures();
        Courier courier = courier(new MllpDestination("ehr", new HostPort(mutualTls.host(), mutualTls.port()), Transport.TLS,
                Optional.of(tls(false)), Set.of(), Set.of()), RULES);
        CancellationLatch cancellation = new CancellationLatch();

        CompletableFuture<Outcome> outcome = CompletableFuture.supplyAsync(() -> courier.deliver(outboundOf(message), cancellation));
        // both sides must have seen two refusals: the server counts its failed handshake before the client
        // has counted its own, and a cancellation in between would leave the client's count one short
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(mutualTls.handshakeFailures()).isGreaterThanOrEqualTo(failuresBefore + 2);
            assertThat(connectionFailures()).isGreaterThanOrEqualTo(2);
        });
        cancellation.cancel();

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(Outcome.Abandoned.class);
        assertThat(mutualTls.received(message.controlId())).isEmpty();
    }

    private double connectionFailures() {
        Counter counter = meters.find("lumee.sink.requests").tags("sink", "hl7", "status", "connection-failed").counter();
        return counter == null ? 0 : counter.count();
    }

    private Outcome deliver(Courier courier, Sent message) {
        try {
            return courier.deliver(outboundOf(message), new CancellationLatch());
        } finally {
            courier.close();
        }
    }

    private static OutboundMessage outboundOf(Sent message) {
        return OutboundMessage.of(message.er7()).orElseThrow();
    }

    private Courier courierTo(MllpServer server) throws Exception {
        return courierTo(server, RULES);
    }

    private Courier courierTo(MllpServer server, DeliveryRules rules) throws Exception {
        return courier(new MllpDestination("ehr", new HostPort(server.host(), server.port()), Transport.PLAIN, Optional.empty(),
                Set.of(), Set.of()), rules);
    }

    private Courier courier(MllpDestination destination, DeliveryRules rules) throws Exception {
        return new Courier(new DestinationRouter(List.of(destination), "ehr"),
                MllpConnector.create(List.of(destination), Duration.ofSeconds(2), metrics), rules, metrics);
    }

    private static TlsSettings tls(boolean withClientCertificate) {
        Secret password = Secret.of("secret".getBytes(StandardCharsets.UTF_8));
        Path trust = TestServers.ca().writeTrustStore(dir.resolve("trust-" + System.nanoTime() + ".p12"), password.chars());
        Optional<KeyStoreFile> keyStore = withClientCertificate
                ? Optional.of(new KeyStoreFile(TestServers.ca().issue(CertificateSpec.client("hl7-bridge"))
                        .writePkcs12(dir.resolve("client-" + System.nanoTime() + ".p12"), password.chars()), password))
                : Optional.empty();
        return new TlsSettings(keyStore, Optional.of(new KeyStoreFile(trust, password)), List.of("TLSv1.3"), false);
    }

    private static Sent nextMessage() {
        return OruMessages.reading("MRN-C" + PATIENTS.incrementAndGet(), 1, "ICU-NORTH");
    }
}
