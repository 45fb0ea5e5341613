package io.lumee.bench.load;

import io.lumee.protocol.client.ClientTls;
import io.lumee.testkit.tls.CertificateSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.common.TopicPartition;

/**
 * The hl7-bridge against the MLLP peer's own capacity, in one run: a minimal MLLP client sends the
 * processor's ORU^R01 messages over the same mutual TLS to the same peer and checks each ACK (MSA-1 AA),
 * on one connection and on four; then the bridge drains a backlog of the processor's messages (many
 * patients, so its lanes run in parallel), credited with the offsets it committed with its transactions.
 */
final class Hl7Row {
    record Result(double bridgePerSecond, double directOne, double directFour, long bridgeRecords, List<double[]> samples,
                  double bridgeCores) {}

    private final BenchStack stack;
    private final KafkaProgress progress;
    private final PrintStream out;

    Hl7Row(BenchStack stack, KafkaProgress progress, PrintStream out) {
        this.stack = stack;
        this.progress = progress;
        this.out = out;
    }

    Result run(Map<TopicPartition, Long> bridgeFrom, Map<TopicPartition, Long> directFrom, Duration directPhase,
               Duration bridgePhase, java.nio.file.Path jfr) throws Exception {
        List<String> messages = read(directFrom, 20_000);
        SSLContext tls = ClientTls.fromPkcs12(stack.keyStore("hl7-direct", stack.ca.issue(CertificateSpec.client("hl7-direct"))),
                stack.storePassword(), stack.trustStore(), stack.storePassword());
        double one = direct(tls, messages, 1, directPhase);
        out.printf("  hl7: direct MLLP, 1 connection: %,.0f ACKed messages/s%n", one);
        double four = direct(tls, messages, 4, directPhase);
        out.printf("  hl7: direct MLLP, 4 connections: %,.0f ACKed messages/s%n", four);

        String group = "bench-hl7-bridge";
        progress.startGroupAt(group, bridgeFrom);
        long goal = KafkaProgress.total(progress.endOffsets(stack.topics.hl7v2Oru().name()));
        BenchService bridge = stack.start(BenchService.Kind.HL7_BRIDGE, group, stack.hl7Bridge(group), jfr);
        List<double[]> samples;
        double cpuBefore = bridge.cpuSeconds();
        double cores;
        try {
            samples = KafkaProgress.follow(() -> progress.committed(group, stack.topics.hl7v2Oru().name()), goal, bridgePhase,
                    Duration.ofSeconds(1), Duration.ofMinutes(2));
            cores = (bridge.cpuSeconds() - cpuBefore) / samples.get(samples.size() - 1)[0];
        } finally {
            bridge.close();
        }
        double rate = KafkaProgress.steadyRate(samples, Duration.ofSeconds(5));
        long done = (long) (samples.get(samples.size() - 1)[1] - samples.get(0)[1]);
        out.printf("  hl7: hl7-bridge %,.0f messages/s ACKed and committed (%,d messages; the bridge used %.2f cores)%n", rate, done, cores);
        return new Result(rate, one, four, done, samples, cores);
    }

    private double direct(SSLContext tls, List<String> messages, int connections, Duration phase) throws Exception {
        AtomicLong acked = new AtomicLong();
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        long endAt = warmUntil + phase.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int offset = c;
            Thread thread = new Thread(() -> {
                try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(stack.ehr.host(), stack.ehr.port())) {
                    socket.setTcpNoDelay(true);
                    socket.startHandshake();
                    OutputStream output = socket.getOutputStream();
                    InputStream input = new java.io.BufferedInputStream(socket.getInputStream());
                    for (int i = offset; System.nanoTime() < endAt; i += connections) {
                        output.write(frame(messages.get(i % messages.size())));
                        output.flush();
                        String ack = readFrame(input);
                        if (!ack.contains("MSA|AA|")) {
                            throw new IOException("the peer did not accept: " + ack);
                        }
                        if (System.nanoTime() > warmUntil) {
                            acked.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    System.err.println("bench: direct MLLP failed: " + e);
                }
            }, "bench-mllp-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return acked.get() / (phase.toNanos() / 1e9);
    }

    private static byte[] frame(String er7) {
        byte[] body = er7.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[body.length + 3];
        framed[0] = 0x0b;
        System.arraycopy(body, 0, framed, 1, body.length);
        framed[framed.length - 2] = 0x1c;
        framed[framed.length - 1] = 0x0d;
        return framed;
    }

    private static String readFrame(InputStream input) throws IOException {
        int b = input.read();
        while (b != 0x0b) {
            if (b < 0) {
                throw new IOException("the peer closed the connection");
            }
            b = input.read();
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while ((b = input.read()) != 0x1c) {
            if (b < 0) {
                throw new IOException("the peer closed the connection mid-message");
            }
            message.write(b);
        }
        input.read();
        return message.toString(StandardCharsets.UTF_8);
    }

    private List<String> read(Map<TopicPartition, Long> from, int limit) {
        List<String> messages = KafkaProgress.readCommitted(stack.plainClient(), from, limit).stream().map(r -> r[1]).toList();
        if (messages.isEmpty()) {
            throw new IllegalStateException("no ORU^R01 on lumee.hl7v2.oru to send directly");
        }
        return messages;
    }
}
