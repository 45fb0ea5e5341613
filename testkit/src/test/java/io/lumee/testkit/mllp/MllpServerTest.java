package io.lumee.testkit.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import io.lumee.testkit.tls.CertificateSpec;
import io.lumee.testkit.tls.IssuedCertificate;
import io.lumee.testkit.tls.TestCa;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MllpServerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final TestCa CA = TestCa.create("MLLP test CA");
    private static final HapiContext HAPI = hapi();
    private static MllpServer plain;
    private static MllpServer mutualTls;

    @BeforeAll
    static void start() {
        plain = MllpServer.startPlain();
        mutualTls = MllpServer.startMutualTls(CA);
    }

    @AfterAll
    static void stop() {
        plain.close();
        mutualTls.close();
    }

    @Test
    void acceptsAndRecordsAMessageWithItsConnectionAndArrival() throws Exception {
        String message = oru("ctl-accept-1");
        try (MllpTestClient client = MllpTestClient.connect(plain, null)) {
            String ack = client.exchange(message, WAIT);

            assertThat(ack).contains("MSA|AA|ctl-accept-1");
        }
        ReceivedMessage received = plain.received("ctl-accept-1").get(0);
        assertThat(received.er7()).isEqualTo(message);
        assertThat(received.answer()).isEqualTo(Answer.accept());
        assertThat(received.connection()).isPositive();
        assertThat(received.arrival()).isPositive();
    }

    @Test
    void answersErrorsAndRejectionsWithTheirTextInMsa3AndErr() throws Exception {
        plain.answer("ctl-errors", Answer.error("unknown patient"), Answer.reject("engine busy"));
        try (MllpTestClient client = MllpTestClient.connect(plain, null)) {
            String first = client.exchange(oru("ctl-errors"), WAIT);
            String second = client.exchange(oru("ctl-errors"), WAIT);
            String third = client.exchange(oru("ctl-errors"), WAIT);

            assertThat(first).contains("MSA|AE|ctl-errors|unknown patient").containsPattern("ERR\\|.*unknown patient");
            assertThat(second).contains("MSA|AR|ctl-errors|engine busy");
            assertThat(third).contains("MSA|AA|ctl-errors");
        }
        assertThat(plain.received("ctl-errors")).extracting(r -> r.connection()).containsOnly(
                plain.received("ctl-errors").get(0).connection());
    }

    @Test
    void canAcknowledgeAnotherControlId() throws Exception {
        plain.answer("ctl-wrong", Answer.wrongControlId());
        try (MllpTestClient client = MllpTestClient.connect(plain, null)) {
            assertThat(client.exchange(oru("ctl-wrong"), WAIT)).contains("MSA|AA|").doesNotContain("MSA|AA|ctl-wrong");
        }
    }

    @Test
    void canAnswerGarbageInAnMllpFrame() throws Exception {
        plain.answer("ctl-garbage", Answer.garbage());
        try (MllpTestClient client = MllpTestClient.connect(plain, null)) {
            assertThat(client.exchange(oru("ctl-garbage"), WAIT)).startsWith("this is not an HL7 message");
            // HAPI's own ACK of the garbled message was swallowed: the next answer is the next message's
            assertThat(client.exchange(oru("ctl-garbage-next"), WAIT)).contains("MSA|AA|ctl-garbage-next");
        }
    }

    @Test
    void canStaySilent() throws Exception {
        plain.answer("ctl-silent", Answer.silence());
        try (MllpTestClient client = MllpTestClient.connect(plain, null)) {
            assertThatThrownBy(() -> client.exchange(oru("ctl-silent"), Duration.ofMillis(700)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(plain.received("ctl-silent")).hasSize(1);
    }

    @Test
    void canDropTheConnection() throws Exception {
        plain.answer("ctl-drop", Answer.dropConnection());
        try (MllpTestClient client = MllpTestClient.connect(plain, null)) {
            assertThatThrownBy(() -> client.exchange(oru("ctl-drop"), WAIT)).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void scriptsByArrivalAndAlways() throws Exception {
        plain.answerAlways("ctl-always", Answer.reject("down"));
        try (MllpTestClient client = MllpTestClient.connect(plain, null)) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.exchange(oru("ctl-always"), WAIT)).contains("MSA|AR|ctl-always|down");
            }
            int next = plain.received().size() + 1;
            plain.answerArrival(next, Answer.error("by arrival"));
            assertThat(client.exchange(oru("ctl-any"), WAIT)).contains("MSA|AE|ctl-any|by arrival");
        }
    }

    @Test
    void canAnswerSlowly() throws Exception {
        try (MllpServer slow = MllpServer.startPlain(); MllpTestClient client = MllpTestClient.connect(slow, null)) {
            slow.delayAnswers(Duration.ofMillis(300));
            long start = System.nanoTime();

            assertThat(client.exchange(oru("ctl-slow"), WAIT)).contains("MSA|AA|ctl-slow");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void listensOn127001Only() {
        // Linux answers every 127/8 address on the loopback interface, unless a socket is bound to one
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.2", plain.port()), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void mutualTlsAcceptsAClientCertificateFromItsCa() throws Exception {
        try (MllpTestClient client = MllpTestClient.connect(mutualTls, clientTls(CA, CA.issue(CertificateSpec.client("bridge"))))) {
            assertThat(client.exchange(oru("ctl-tls"), WAIT)).contains("MSA|AA|ctl-tls");
        }
        assertThat(mutualTls.received("ctl-tls")).hasSize(1);
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() {
        int failuresBefore = mutualTls.handshakeFailures();
        assertThatThrownBy(() -> {
            try (MllpTestClient client = MllpTestClient.connect(mutualTls, clientTls(CA, null))) {
                client.exchange(oru("ctl-no-cert"), WAIT);
            }
        }).isInstanceOf(IOException.class);
        assertThat(mutualTls.received("ctl-no-cert")).isEmpty();
        assertThat(mutualTls.handshakeFailures()).isGreaterThan(failuresBefore);
    }

    private static SSLContext clientTls(TestCa trusted, IssuedCertificate certificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted.trustStore());
        KeyManagerFactory keys = null;
        if (certificate != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(certificate.keyStore("client".toCharArray()), "client".toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static String oru(String controlId) throws Exception {
        ORU_R01 message = HAPI.newMessage(ORU_R01.class);
        message.initQuickstart("ORU", "R01", "P");
        message.getMSH().getMessageControlID().setValue(controlId);
        message.getMSH().getReceivingFacility().getNamespaceID().setValue("ICU-NORTH");
        message.getPATIENT_RESULT().getPATIENT().getPID().getPatientIdentifierList(0).getIDNumber().setValue("MRN-1");
        return HAPI.getPipeParser().encode(message);
    }

    /** Never closed: closing a context shuts HAPI's shared executor down. */
    private static HapiContext hapi() {
        HapiContext context = new DefaultHapiContext();
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        return context;
    }
}
