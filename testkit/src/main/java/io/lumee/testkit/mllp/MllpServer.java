package io.lumee.testkit.mllp;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ApplicationRouter;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.protocol.impl.ApplicationRouterImpl;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.tls.IssuedCertificate;
import io.lumee.testkit.tls.TestCa;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A hospital's interface engine for tests: a real HAPI HL7 v2 MLLP server on 127.0.0.1, plain or
 * mutual TLS 1.3, that parses each message (HAPI's default validation), records it with its connection
 * and arrival order, and answers as scripted (by arrival, by MSH-10, or by default AA). Broken answers
 * are given on the raw socket: a garbage MLLP frame, silence, or a closed connection.
 */
public final class MllpServer implements AutoCloseable {
    private static final byte START_BLOCK = 0x0b;
    private static final byte[] END_BLOCK = {0x1c, 0x0d};
    private static final String GARBAGE = "this is not an HL7 message \u00ff\u0000";

    private final HapiContext context;
    private final ExecutorService executor;
    private final HL7Service server;
    private final int port;
    private final boolean tls;
    private final AcceptedConnections connections;
    private final SwallowingLowerLayerProtocol protocol;
    private final AnswerScript script = new AnswerScript();
    private final AtomicInteger arrivals = new AtomicInteger();
    private final List<ReceivedMessage> received = new ArrayList<>();
    private volatile Duration answerDelay = Duration.ZERO;

    private MllpServer(SSLContext sslContext, SSLParameters parameters) {
        this.tls = sslContext != null;
        this.connections = new AcceptedConnections();
        this.protocol = new SwallowingLowerLayerProtocol();
        this.port = LoopbackPorts.free();
        // an executor of its own: closing a context that uses HAPI's shared default executor shuts
        // that executor down for every other HAPI server and client in the JVM
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "test-ehr-" + port);
            thread.setDaemon(true);
            return thread;
        });
        this.context = new DefaultHapiContext(executor);
        // the default id generator keeps its counter in a file in the working folder
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        context.setSocketFactory(new LoopbackSocketFactory(sslContext, parameters, connections));
        context.setLowerLayerProtocol(protocol);
        this.server = context.newServer(port, tls);
        server.registerApplication(new RecordingApplication());
        try {
            server.startAndWait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the MLLP server", e);
        }
        if (!server.isRunning()) {
            throw new IllegalStateException("the MLLP server did not start on port " + port, server.getServiceExitedWithException());
        }
    }

    /** Plain MLLP over TCP. */
    public static MllpServer startPlain() {
        return new MllpServer(null, null);
    }

    /** MLLP over TLS 1.3 with a server certificate from {@code ca}, requiring a client certificate from {@code ca}. */
    public static MllpServer startMutualTls(TestCa ca) {
        IssuedCertificate certificate = ca.issueServer("test EHR");
        char[] password = "mllp".toCharArray();
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(certificate.keyStore(password), password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(ca.trustStore());
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            SSLParameters parameters = context.getDefaultSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3"});
            parameters.setNeedClientAuth(true);
            return new MllpServer(context, parameters);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the MLLP server", e);
        }
    }

    public String host() {
        return LoopbackPorts.HOST;
    }

    public int port() {
        return port;
    }

    public boolean isTls() {
        return tls;
    }

    /** Answers successive arrivals of {@code controlId} with these answers, then as otherwise scripted. */
    public void answer(String controlId, Answer... successive) {
        script.successive(controlId, List.of(successive));
    }

    /** Answers every arrival of {@code controlId} (after any successive answers) this way. */
    public void answerAlways(String controlId, Answer answer) {
        script.always(controlId, answer);
    }

    /** Answers the {@code arrival}-th message this server receives (counting from 1) this way. */
    public void answerArrival(int arrival, Answer answer) {
        script.arrival(arrival, answer);
    }

    /** The answer for anything not scripted otherwise; AA unless set. */
    public void answerByDefault(Answer answer) {
        script.byDefault(answer);
    }

    /** Makes the server slow: every answer (broken ones included) comes this long after its message. */
    public void delayAnswers(Duration delay) {
        answerDelay = delay;
    }

    /** Every message received so far, in arrival order. */
    public List<ReceivedMessage> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<ReceivedMessage> received(String controlId) {
        return received().stream().filter(message -> message.controlId().equals(controlId)).toList();
    }

    /** Waits until at least {@code count} messages have arrived; false if the time ran out first. */
    public boolean awaitArrivals(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (arrivals.get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Connections accepted so far (after a successful handshake, with TLS). */
    public int connectionsAccepted() {
        return connections.accepted();
    }

    /** TLS handshakes that failed: no client certificate, an untrusted one, an old protocol. */
    public int handshakeFailures() {
        return connections.handshakeFailures();
    }

    /** Closes every open connection, as an interface engine that restarts would. */
    public void dropConnections() {
        connections.closeAll();
    }

    @Override
    public void close() {
        server.stopAndWait();
        connections.closeAll();
        executor.shutdownNow();
    }

    private final class RecordingApplication implements ReceivingApplication<Message> {
        @Override
        public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
            AcceptedConnections.Accepted connection = connections.byPeerPort((Integer) metadata.get(ApplicationRouter.METADATA_KEY_SENDING_PORT));
            String controlId = new Terser(message).get("/MSH-10");
            int arrival;
            Answer answer;
            // arrival numbers, script order and the record agree when messages arrive at once on several connections
            synchronized (received) {
                arrival = arrivals.get() + 1;
                answer = script.next(arrival, controlId);
                received.add(new ReceivedMessage(arrival, connection.id(), controlId,
                        (String) metadata.get(ApplicationRouterImpl.RAW_MESSAGE_KEY), answer, Instant.now()));
                arrivals.set(arrival);
            }
            try {
                Thread.sleep(answerDelay.toMillis());
                return answer(message, controlId, answer, connection);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HL7Exception("interrupted before answering", e);
            } catch (IOException e) {
                throw new HL7Exception("could not give the scripted answer " + answer.kind(), e);
            }
        }

        @Override
        public boolean canProcess(Message message) {
            return true;
        }

        private Message answer(Message message, String controlId, Answer answer, AcceptedConnections.Accepted connection)
                throws HL7Exception, IOException {
            if (answer.kind().isAcknowledgement()) {
                return acknowledgement(message, AcknowledgmentCode.valueOf(answer.kind().name()), answer.text());
            }
            Message ack = acknowledgement(message, AcknowledgmentCode.AA, "");
            switch (answer.kind()) {
                case WRONG_CONTROL_ID -> new Terser(ack).set("/MSA-2", otherThan(controlId));
                case GARBAGE -> {
                    protocol.swallowAckOf(controlId);
                    OutputStream raw = connection.socket().getOutputStream();
                    raw.write(START_BLOCK);
                    raw.write(GARBAGE.getBytes(StandardCharsets.UTF_8));
                    raw.write(END_BLOCK);
                    raw.flush();
                }
                case SILENCE -> protocol.swallowAckOf(controlId);
                case DROP_CONNECTION -> {
                    protocol.swallowAckOf(controlId);
                    connection.socket().close();
                }
                default -> throw new IllegalStateException("unhandled answer " + answer.kind());
            }
            return ack;
        }

        private Message acknowledgement(Message message, AcknowledgmentCode code, String text) throws HL7Exception, IOException {
            if (text.isEmpty()) {
                return message.generateACK(code, null);
            }
            Message ack = message.generateACK(code, new HL7Exception(text, ErrorCode.APPLICATION_INTERNAL_ERROR));
            // MSA-3 is withdrawn in v2.5 but is where many engines still put their text; ERR carries it too
            new Terser(ack).set("/MSA-3", text);
            return ack;
        }

        private String otherThan(String controlId) {
            String reversed = new StringBuilder(controlId).reverse().toString();
            return reversed.equals(controlId) ? controlId + "X" : reversed;
        }
    }
}
