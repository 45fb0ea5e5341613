package io.lumee.fhirsink.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lumee.fhirsink.bundle.ReadingGroup;
import io.lumee.fhirsink.bundle.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bisection's own logic, against a stand-in server that refuses any transaction holding a bad group. */
class TransactionBisectorTest {
    private final List<List<Long>> posted = new ArrayList<>();

    @Test
    void aGoodTransactionIsOneRequest() throws Exception {
        List<TransactionBisector.RefusedGroup> refused = bisector(Set.of()).deliver(groups(8));

        assertThat(refused).isEmpty();
        assertThat(posted).hasSize(1);
    }

    @Test
    void badGroupsAreFoundAndEveryGoodGroupIsStoredOnceInOrder() throws Exception {
        List<TransactionBisector.RefusedGroup> refused = bisector(Set.of(2L, 13L)).deliver(groups(16));

        assertThat(refused).extracting(r -> r.group().source().offset()).containsExactly(2L, 13L);
        assertThat(refused).allSatisfy(r -> assertThat(r.refusal().httpStatus()).isEqualTo(404));
        List<Long> stored = posted.stream().filter(t -> t.stream().noneMatch(Set.of(2L, 13L)::contains))
                .flatMap(List::stream).toList();
        assertThat(stored).containsExactlyElementsOf(IntStream.range(0, 16).mapToObj(i -> (long) i)
                .filter(i -> i != 2 && i != 13).toList());
        assertThat(posted).as("about 2k log2(n) extra requests").hasSizeLessThanOrEqualTo(1 + 2 * 2 * 4);
    }

    @Test
    void aLoneRefusedGroupIsRefusedWithoutSplitting() throws Exception {
        List<TransactionBisector.RefusedGroup> refused = bisector(Set.of(0L)).deliver(groups(1));

        assertThat(refused).hasSize(1);
        assertThat(posted).hasSize(1);
    }

    private TransactionBisector bisector(Set<Long> bad) {
        return new TransactionBisector(groups -> {
            List<Long> offsets = groups.stream().map(g -> g.source().offset()).toList();
            posted.add(offsets);
            return offsets.stream().anyMatch(bad::contains)
                    ? new TransactionOutcome.Refused(404, "{\"resourceType\":\"OperationOutcome\"}")
                    : new TransactionOutcome.Stored(200);
        });
    }

    private static List<ReadingGroup> groups(int count) {
        ObjectNode entry = new ObjectMapper().createObjectNode();
        return IntStream.range(0, count).mapToObj(i -> new ReadingGroup(
                new SourceRecord("t", 0, i, "k", new byte[0], Optional.empty()), List.of(entry))).toList();
    }
}
