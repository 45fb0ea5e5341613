package io.lumee.fhirsink.kafka;

import io.lumee.fhirsink.bundle.BundleReader;
import io.lumee.fhirsink.bundle.ReadingGroup;
import io.lumee.fhirsink.bundle.SourceRecord;
import io.lumee.fhirsink.bundle.UnreadableBundle;
import io.lumee.fhirsink.rejection.Rejected;
import io.lumee.platform.kafka.ReadingHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's records: the readable bundles to deliver, the unreadable ones (rejected without a request),
 * and per partition where the batch starts and the offset to commit once it is done.
 */
record PollBatch(List<ReadingGroup> groups, List<Rejected> unreadable, Map<TopicPartition, Long> first,
        Map<TopicPartition, OffsetAndMetadata> next) {

    static PollBatch read(ConsumerRecords<String, byte[]> records, BundleReader reader) {
        List<ReadingGroup> groups = new ArrayList<>();
        List<Rejected> unreadable = new ArrayList<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            first.putIfAbsent(partition, record.offset());
            next.put(partition, new OffsetAndMetadata(record.offset() + 1));
            SourceRecord source = new SourceRecord(record.topic(), record.partition(), record.offset(), record.key(),
                    record.value() == null ? new byte[0] : record.value(), headers(record));
            try {
                groups.add(reader.read(source));
            } catch (UnreadableBundle bad) {
                unreadable.add(new Rejected(source, "not sent to the FHIR server: " + bad.getMessage()));
            }
        }
        return new PollBatch(groups, unreadable, first, next);
    }

    private static Optional<ReadingHeaders> headers(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(ReadingHeaders.readFrom(record.headers()));
        } catch (IllegalArgumentException missing) {
            // a producer other than the processor may omit them; the reading still goes through
            return Optional.empty();
        }
    }
}
