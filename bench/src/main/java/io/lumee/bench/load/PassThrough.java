package io.lumee.bench.load;

import com.sun.net.httpserver.HttpServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The processor's reference: a Kafka Streams application that copies {@code lumee.raw} to another topic
 * byte for byte, with the processor's guarantee (exactly_once_v2), one stream thread, the same broker
 * listener and the same JVM settings. What the processor achieves is compared with what this achieves
 * on the same records in the same run.
 *
 * <p>{@code PassThrough <client properties file> <source> <sink> <application id> <state dir> <readiness port>}
 */
public final class PassThrough {
    private PassThrough() {}

    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            properties.load(in);
        }
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, args[3]);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, args[4]);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        properties.put("consumer.auto.offset.reset", "earliest");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(args[1], Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(args[2], Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        KafkaStreams streams = new KafkaStreams(builder.build(), properties);
        HttpServer readiness = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[5])), 0);
        readiness.createContext("/readyz", exchange -> {
            boolean running = streams.state() == KafkaStreams.State.RUNNING;
            byte[] body = (running ? "ready" : streams.state().name()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(running ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        readiness.start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            readiness.stop(0);
            stop.countDown();
        }));
        streams.start();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void writeProperties(java.util.Map<String, Object> client, java.nio.file.Path file) {
        Properties properties = new Properties();
        client.forEach((key, value) -> properties.put(key, String.valueOf(value)));
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            properties.store(out, "pass-through client");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
