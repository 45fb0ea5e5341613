package io.lumee.fhirsink.it;

import io.lumee.fhirsink.FhirSinkConfig;
import io.lumee.fhirsink.Main;
import io.lumee.fhirsink.kafka.KafkaClientFactory;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.schemas.Rejection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The sink in a JVM of its own, so a test can kill it outright. Arguments are {@code NAME=VALUE}
 * settings; with {@code --crash-before-commit=<marker file>} the JVM writes the marker and halts (no
 * shutdown hook, no close: as a kill -9 would leave it) at the first Kafka commit that carries a
 * rejection: after the FHIR server stored the batch's good readings and the rejection went into the
 * open transaction with the offsets, before the commit.
 */
public final class SinkProcess {
    static final String CRASH = "--crash-before-commit=";
    static final int CRASH_STATUS = 9;

    private SinkProcess() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> environment = new HashMap<>();
        Path crashMarker = null;
        for (String arg : args) {
            if (arg.startsWith(CRASH)) {
                crashMarker = Path.of(arg.substring(CRASH.length()));
            } else {
                int equals = arg.indexOf('=');
                environment.put(arg.substring(0, equals), arg.substring(equals + 1));
            }
        }
        KafkaClientFactory clients = crashMarker != null ? new CrashBeforeRejectionCommit(crashMarker) : KafkaClientFactory.REAL;
        ServiceRuntime runtime = ServiceRuntime.start("fhir-sink", new ConfigReader(environment), FhirSinkConfig::from,
                (config, service) -> Main.wire(config, service, clients));
        runtime.awaitShutdown();
    }

    private static final class CrashBeforeRejectionCommit implements KafkaClientFactory {
        private final Path marker;

        CrashBeforeRejectionCommit(Path marker) {
            this.marker = marker;
        }

        @Override
        public Consumer<String, byte[]> consumer(Map<String, Object> properties) {
            return REAL.consumer(properties);
        }

        @Override
        public Producer<String, Rejection> producer(Map<String, Object> properties, Serializer<Rejection> values) {
            return new KafkaProducer<>(properties, new StringSerializer(), values) {
                private boolean rejectionInTransaction;

                @Override
                public void beginTransaction() {
                    rejectionInTransaction = false;
                    super.beginTransaction();
                }

                @Override
                public Future<RecordMetadata> send(ProducerRecord<String, Rejection> record, Callback callback) {
                    rejectionInTransaction = true;
                    return super.send(record, callback);
                }

                @Override
                public void commitTransaction() {
                    if (rejectionInTransaction) {
                        flush();
                        try {
                            Files.writeString(marker, "halted before commitTransaction");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        Runtime.getRuntime().halt(CRASH_STATUS);
                    }
                    super.commitTransaction();
                }
            };
        }
    }
}
