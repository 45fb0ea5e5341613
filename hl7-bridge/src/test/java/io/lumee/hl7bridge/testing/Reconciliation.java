package io.lumee.hl7bridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.hl7bridge.testing.OruMessages.Sent;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import io.lumee.testkit.mllp.ReceivedMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Accounting from the stores, never from the bridge's counters: what the EHR recorded and what
 * {@code lumee.rejected} holds (read_committed). For one patient's messages, in the order produced:
 * each was delivered at least once, byte-identical every time (so a resend has the same MSH-10);
 * each counts exactly once, as done (the EHR accepted it) or rejected (one record); and within one
 * run of the bridge, every copy of a message reached the EHR before any copy of the next.
 */
public final class Reconciliation {
    private Reconciliation() {
    }

    /** The outcome of one patient's messages. */
    public record Accounted(List<Sent> done, List<Sent> rejected) {
    }

    /**
     * @param arrivals what the patient's destination received (other messages may be among them)
     * @param runOf which run of the bridge sent an arrival (by arrival number); a constant for one run
     */
    public static Accounted patient(List<Sent> messages, List<ReceivedMessage> arrivals,
                                    List<ConsumerRecord<String, Rejection>> rejections, Function<Integer, Integer> runOf) {
        Map<String, Sent> byControlId = messages.stream().collect(Collectors.toMap(Sent::controlId, m -> m));
        List<ReceivedMessage> mine = arrivals.stream().filter(arrival -> byControlId.containsKey(arrival.controlId())).toList();
        List<Sent> done = new ArrayList<>();
        List<Sent> rejected = new ArrayList<>();
        for (Sent message : messages) {
            List<ReceivedMessage> copies = mine.stream().filter(arrival -> arrival.controlId().equals(message.controlId())).toList();
            assertThat(copies).as("%s reached the EHR", message).isNotEmpty()
                    .allSatisfy(copy -> assertThat(copy.er7()).as("every copy of %s is the same bytes", message).isEqualTo(message.er7()));
            List<ConsumerRecord<String, Rejection>> itsRejections = rejections.stream()
                    .filter(record -> message.readingId().equals(record.value().getReadingId())).toList();
            boolean accepted = copies.stream().anyMatch(copy -> copy.answer().accepts());
            assertThat(itsRejections).as("%s is rejected at most once", message).hasSizeLessThanOrEqualTo(1);
            assertThat(accepted ^ itsRejections.size() == 1).as("%s counts once, as done or rejected", message).isTrue();
            if (accepted) {
                done.add(message);
            } else {
                rejected.add(message);
                rejectionDescribes(itsRejections.get(0), message);
            }
        }
        inPatientOrder(messages, mine, runOf);
        return new Accounted(done, rejected);
    }

    private static void inPatientOrder(List<Sent> messages, List<ReceivedMessage> mine, Function<Integer, Integer> runOf) {
        Set<Integer> runs = mine.stream().map(arrival -> runOf.apply(arrival.arrival())).collect(Collectors.toSet());
        for (int run : runs) {
            List<ReceivedMessage> inRun = mine.stream().filter(arrival -> runOf.apply(arrival.arrival()) == run).toList();
            int lastIndexSoFar = -1;
            for (Sent message : messages) {
                List<Integer> positions = new ArrayList<>();
                for (int i = 0; i < inRun.size(); i++) {
                    if (inRun.get(i).controlId().equals(message.controlId())) {
                        positions.add(i);
                    }
                }
                if (positions.isEmpty()) {
                    continue;
                }
                assertThat(positions.get(0)).as("run %d: %s arrives only after every copy of the message before it", run, message)
                        .isGreaterThan(lastIndexSoFar);
                lastIndexSoFar = positions.get(positions.size() - 1);
            }
        }
    }

    private static void rejectionDescribes(ConsumerRecord<String, Rejection> record, Sent message) {
        Rejection rejection = record.value();
        assertThat(record.key()).isEqualTo(message.deviceId());
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.SINK_REJECTED);
        assertThat(rejection.getStage()).isEqualTo("hl7-bridge");
        assertThat(rejection.getDeviceId()).isEqualTo(message.deviceId());
        assertThat(rejection.getSourceTopic()).isEqualTo("lumee.hl7v2.oru");
        assertThat(text(rejection.getOriginal())).as("the original, for replay").isEqualTo(message.er7());
        assertThat(rejection.getDetail()).as("no patient identifier or value in the detail")
                .doesNotContain(message.mrn(), Double.toString(message.value()));
    }

    private static String text(ByteBuffer bytes) {
        ByteBuffer copy = bytes.duplicate();
        byte[] array = new byte[copy.remaining()];
        copy.get(array);
        return new String(array, StandardCharsets.UTF_8);
    }
}
