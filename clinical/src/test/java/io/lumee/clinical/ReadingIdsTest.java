package io.lumee.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadingIdsTest {

    @Test
    void provenanceIdIsTheHexSha256OfTheReadingId() {
        // sha256("lumee-0001:0:1842"), computed independently with sha256sum.
        assertThat(ReadingIds.provenanceId("lumee-0001:0:1842"))
                .isEqualTo("130d5aeeae4b4a5c0e35dc06c675c521c0a5f74c33d9b86e208c4535e9b3292f");
    }

    @Test
    void controlIdIsTwentyCharactersAndDiffersBetweenReadings() {
        assertThat(ReadingIds.messageControlId("lumee-0001:0:1842")).isEqualTo("130d5aeeae4b4a5c0e35");
        assertThat(ReadingIds.messageControlId("lumee-0001:0:1843")).hasSize(20)
                .isNotEqualTo(ReadingIds.messageControlId("lumee-0001:0:1842"));
    }

    @Test
    void entryUrnsAreStablePerReadingAndDistinctPerRole() {
        String device = ReadingIds.entryUrn("lumee-0001:0:1842", "Device");

        assertThat(device).startsWith("urn:uuid:").isEqualTo(ReadingIds.entryUrn("lumee-0001:0:1842", "Device"));
        assertThat(device).isNotEqualTo(ReadingIds.entryUrn("lumee-0001:0:1842", "Observation"))
                .isNotEqualTo(ReadingIds.entryUrn("lumee-0001:0:1843", "Device"));
    }
}
