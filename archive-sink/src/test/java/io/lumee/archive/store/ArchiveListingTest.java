package io.lumee.archive.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.archive.ArchiveTestbed;
import io.lumee.archive.S3Requests;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Finding where a partition's archive ends costs a few one-key listings, however many objects it has: the
 * sink does this on every start and every reassignment.
 */
class ArchiveListingTest {
    private static final int OBJECTS = 300;
    private static final long SPAN = 1_000;
    private static ArchiveTestbed testbed;
    private static String bucket;

    @BeforeAll
    static void aLongPartition() {
        testbed = ArchiveTestbed.shared();
        bucket = testbed.bucket("listing", false);
        for (int i = 0; i < OBJECTS; i++) {
            String key = new ArchiveRange("lumee.raw", 5, i * SPAN, (i + 1) * SPAN).key();
            testbed.s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.empty());
        }
        testbed.s3.putObject(request -> request.bucket(bucket).key(new ArchiveRange("lumee.raw", 6, 0, 7).key()), RequestBody.empty());
    }

    @Test
    void theLastRangeIsFoundWithAFewShortListingsFromAnyHint() {
        ArchiveListing listing = new ArchiveListing(testbed.s3, bucket);
        ArchiveRange last = new ArchiveRange("lumee.raw", 5, (OBJECTS - 1) * SPAN, OBJECTS * SPAN);

        String nearTheEnd = new ArchiveRange("lumee.raw", 5, (OBJECTS - 20) * SPAN, (OBJECTS - 19) * SPAN).key();
        // hints as the sink has them: the committed offset at the end, one object behind it, or a few objects behind
        for (long hint : List.of(OBJECTS * SPAN, (OBJECTS - 1) * SPAN, (OBJECTS - 3) * SPAN + 17)) {
            int before = S3Requests.requests("ListObjectsV2", bucket).size();
            assertThat(listing.last("lumee.raw", 5, hint)).as("hint " + hint).contains(last);
            List<S3Requests.Request> listings = S3Requests.requests("ListObjectsV2", bucket).subList(before,
                    S3Requests.requests("ListObjectsV2", bucket).size());
            assertThat(listings).as("listings for hint " + hint).hasSizeLessThanOrEqualTo(6)
                    .allSatisfy(request -> assertThat(request.header("?start-after")).as("never listed from the start").isGreaterThan(nearTheEnd));
        }
        assertThat(listing.last("lumee.raw", 5, OBJECTS * SPAN + 5_000_000)).as("a hint far past the end").contains(last);
        assertThat(listing.last("lumee.raw", 7, 100)).isEmpty();
        assertThat(listing.last("lumee.raw", 6, 0)).contains(new ArchiveRange("lumee.raw", 6, 0, 7));
    }

    @Test
    void keysFromAnOffsetStartAtTheObjectHoldingItAndListTopicsAndPartitions() {
        ArchiveListing listing = new ArchiveListing(testbed.s3, bucket);

        List<String> keys = listing.keysFrom("lumee.raw", 5, 150_500).limit(3).toList();

        assertThat(keys).containsExactly(new ArchiveRange("lumee.raw", 5, 150_000, 151_000).key(),
                new ArchiveRange("lumee.raw", 5, 151_000, 152_000).key(), new ArchiveRange("lumee.raw", 5, 152_000, 153_000).key());
        assertThat(listing.keysFrom("lumee.raw", 5, 0).count()).isEqualTo(OBJECTS);
        assertThat(listing.topics()).containsExactly("lumee.raw");
        assertThat(listing.partitions("lumee.raw")).containsExactly(5, 6);
    }
}
