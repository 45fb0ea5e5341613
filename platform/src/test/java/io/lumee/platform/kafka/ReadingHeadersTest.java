package io.lumee.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ReadingHeadersTest {

    private static final Instant DEVICE_TIME = Instant.parse("2026-01-18T14:32:12.345Z");
    private static final Instant RECEIVED_AT = Instant.parse("2026-01-18T14:32:13.001Z");
    private static final ReadingHeaders HEADERS = new ReadingHeaders("lumee-0001:0:1842", "lumee-0001", DEVICE_TIME, RECEIVED_AT);

    @Test
    void producerRecordIsTimestampedWhenReceivedNotByTheDeviceClock() {
        ProducerRecord<String, String> record = HEADERS.producerRecord("lumee.raw", "lumee-0001", "payload");

        assertThat(record.timestamp()).isEqualTo(RECEIVED_AT.toEpochMilli());
        assertThat(record.topic()).isEqualTo("lumee.raw");
        assertThat(record.key()).isEqualTo("lumee-0001");
        assertThat(record.partition()).isNull();
        assertThat(ReadingHeaders.readFrom(record.headers())).isEqualTo(HEADERS);
    }

    @Test
    void timesTravelAsEpochMillisInDecimalText() {
        Headers headers = new RecordHeaders();

        HEADERS.writeTo(headers);

        assertThat(text(headers, "lumee-device-time")).isEqualTo("1768746732345");
        assertThat(text(headers, "lumee-received-at")).isEqualTo("1768746733001");
        assertThat(text(headers, "lumee-reading-id")).isEqualTo("lumee-0001:0:1842");
        assertThat(text(headers, "lumee-device-id")).isEqualTo("lumee-0001");
    }

    @Test
    void forwardedRecordCarriesOneValueOfEachHeader() {
        Headers headers = new RecordHeaders();
        HEADERS.writeTo(headers);
        ReadingHeaders later = new ReadingHeaders("lumee-0001:0:1843", "lumee-0001", DEVICE_TIME, RECEIVED_AT.plusSeconds(1));

        later.writeTo(headers);

        assertThat(headers.toArray()).hasSize(4);
        assertThat(ReadingHeaders.readFrom(headers)).isEqualTo(later);
    }

    @Test
    void timesAreKeptToTheMillisecond() {
        ReadingHeaders precise = new ReadingHeaders("r", "d", DEVICE_TIME.plusNanos(999_999), RECEIVED_AT.plusNanos(1));

        assertThat(precise.deviceTime()).isEqualTo(DEVICE_TIME);
        assertThat(precise.receivedAt()).isEqualTo(RECEIVED_AT);
    }

    @Test
    void missingOrMalformedHeaderIsNamed() {
        Headers missing = new RecordHeaders();
        HEADERS.writeTo(missing);
        missing.remove("lumee-device-id");
        Headers malformed = new RecordHeaders();
        HEADERS.writeTo(malformed);
        malformed.remove("lumee-received-at").add("lumee-received-at", "2026-01-18T14:32:13Z".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ReadingHeaders.readFrom(missing)).hasMessage("record lacks header lumee-device-id");
        assertThatThrownBy(() -> ReadingHeaders.readFrom(malformed))
                .hasMessage("header lumee-received-at: expected epoch milliseconds as decimal text");
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
