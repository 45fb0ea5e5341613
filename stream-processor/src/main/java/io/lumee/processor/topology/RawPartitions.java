package io.lumee.processor.topology;

import io.lumee.platform.kafka.KafkaSettings;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/** The partition count of {@code lumee.raw}, which the partition check compares keys against. */
public final class RawPartitions {
    private RawPartitions() {}

    public static int count(KafkaSettings kafka, String rawTopic)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            return admin.describeTopics(List.of(rawTopic)).allTopicNames().get(60, TimeUnit.SECONDS)
                    .get(rawTopic).partitions().size();
        }
    }
}
