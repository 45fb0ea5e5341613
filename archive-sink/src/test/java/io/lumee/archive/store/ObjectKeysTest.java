package io.lumee.archive.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys sort as offsets do, so a listing is in offset order and start-after skips to an offset. */
class ObjectKeysTest {

    @Test
    void keysRoundTripAndSortInOffsetOrder() {
        ArchiveRange small = new ArchiveRange("lumee.raw", 3, 9, 10);
        ArchiveRange large = new ArchiveRange("lumee.raw", 3, 10, Long.MAX_VALUE);

        List<String> keys = new ArrayList<>(List.of(large.key(), small.key()));
        keys.sort(String::compareTo);

        assertThat(small.key()).isEqualTo("lumee.raw/3/00000000000000000009-00000000000000000010");
        assertThat(ObjectKeys.parse(large.key())).contains(large);
        assertThat(keys).containsExactly(small.key(), large.key());
        assertThat(ObjectKeys.startAfter("lumee.raw", 3, 10)).isLessThan(large.key()).isGreaterThan(small.key());
    }

    @Test
    void anythingElseIsNotAKey() {
        assertThat(ObjectKeys.parse("lumee.raw/3/9-10")).isEmpty();
        assertThat(ObjectKeys.parse("lumee.raw/3/00000000000000000010-00000000000000000010")).as("empty range").isEmpty();
        assertThat(ObjectKeys.parse("lumee.raw/3/00000000000000000010-00000000000000000011.tmp")).isEmpty();
    }
}
