package io.lumee.fhirsink.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SubjectMode;
import io.lumee.fhirsink.FhirVersion;
import io.lumee.fhirsink.Readings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class BundleMergerTest {
    private final ObjectMapper json = new ObjectMapper();
    private final BundleMerger merger = new BundleMerger(json);
    private final BundleReader reader = new BundleReader(json);

    @Test
    void readingsOfOneDeviceShareOneDeviceEntryAndPointAtIt() throws Exception {
        List<ReadingGroup> groups = groups(SubjectMode.LOOKUP, "dev-a", "dev-a", "dev-a");

        JsonNode merged = json.readTree(merger.merge(groups));

        List<JsonNode> devices = entries(merged, "Device");
        assertThat(devices).hasSize(1);
        String deviceUrl = devices.get(0).path("fullUrl").asText();
        assertThat(entries(merged, "Observation")).hasSize(3)
                .allSatisfy(o -> assertThat(o.path("resource").path("device").path("reference").asText()).isEqualTo(deviceUrl));
        assertThat(entries(merged, "Provenance")).hasSize(3).allSatisfy(p -> {
            assertThat(p.path("resource").path("agent").get(0).path("who").path("reference").asText()).isEqualTo(deviceUrl);
            assertThat(p.path("resource").path("signature").get(0).path("who").path("reference").asText()).isEqualTo(deviceUrl);
        });
        assertThat(merged.path("type").asText()).isEqualTo("transaction");
    }

    @Test
    void samePatientCreatedOnceInCreateModeAndEveryObservationNamesIt() throws Exception {
        List<ReadingGroup> groups = groups(SubjectMode.CREATE, "dev-a", "dev-b", "dev-a");

        JsonNode merged = json.readTree(merger.merge(groups));

        List<JsonNode> patients = entries(merged, "Patient");
        assertThat(patients).hasSize(1);
        String patientUrl = patients.get(0).path("fullUrl").asText();
        assertThat(entries(merged, "Device")).hasSize(2);
        assertThat(entries(merged, "Observation")).hasSize(3)
                .allSatisfy(o -> assertThat(o.path("resource").path("subject").path("reference").asText()).isEqualTo(patientUrl));
        assertThat(merged.toString()).doesNotContain(fullUrl(groups.get(2), "Patient"), fullUrl(groups.get(2), "Device"));
    }

    @Test
    void theSameReadingTwiceIsWrittenOnce() throws Exception {
        ReadingGroup once = group(Readings.reading("dev-a", 1, "MRN-1"), SubjectMode.LOOKUP, 0);
        ReadingGroup again = group(Readings.reading("dev-a", 1, "MRN-1"), SubjectMode.LOOKUP, 1);

        JsonNode merged = json.readTree(merger.merge(List.of(once, again)));

        assertThat(merged.path("entry")).hasSize(once.entries().size());
    }

    @Test
    void mergingLeavesTheGroupsAsTheyWere() {
        List<ReadingGroup> groups = groups(SubjectMode.LOOKUP, "dev-a", "dev-a");
        String before = groups.get(1).entries().toString();

        merger.merge(groups);

        assertThat(groups.get(1).entries().toString()).isEqualTo(before);
    }

    @Test
    void chunksCountEntriesAfterCollapsingAndKeepOrder() {
        // one device: the first reading brings 3 entries, each further one 2 (Observation, Provenance)
        List<ReadingGroup> groups = groups(SubjectMode.LOOKUP, "dev-a", "dev-a", "dev-a", "dev-a", "dev-a");

        List<List<ReadingGroup>> chunks = merger.chunks(groups, 7);

        assertThat(chunks).extracting(List::size).containsExactly(3, 2);
        assertThat(chunks.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(groups);
        assertThat(merger.chunks(groups.subList(0, 1), 2)).as("a group larger than the limit goes alone").hasSize(1);
    }

    @Test
    void conditionalCreatesAndPutsCollapseOtherPostsDoNot() throws Exception {
        assertThat(BundleMerger.collapseKey((com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                "{\"request\":{\"method\":\"POST\",\"url\":\"Device\",\"ifNoneExist\":\"identifier=a|b\"}}")))
                .contains("POST Device?identifier=a|b");
        assertThat(BundleMerger.collapseKey((com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                "{\"request\":{\"method\":\"PUT\",\"url\":\"Provenance/abc\"}}"))).contains("PUT Provenance/abc");
        assertThat(BundleMerger.collapseKey((com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                "{\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}"))).isEmpty();
    }

    @Test
    void somethingOtherThanATransactionIsUnreadableWithoutQuotingIt() {
        SourceRecord notJson = new SourceRecord("t", 0, 0, "k", "{\"MRN-123".getBytes(StandardCharsets.UTF_8), Optional.empty());
        SourceRecord batch = new SourceRecord("t", 0, 1, "k",
                "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}".getBytes(StandardCharsets.UTF_8), Optional.empty());

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> reader.read(notJson)))
                .isInstanceOf(UnreadableBundle.class).hasMessageStartingWith("not JSON").hasMessageNotContaining("MRN");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> reader.read(batch)))
                .hasMessageContaining("not \"transaction\"");
    }

    private List<ReadingGroup> groups(SubjectMode mode, String... devices) {
        List<ReadingGroup> groups = new ArrayList<>();
        for (int i = 0; i < devices.length; i++) {
            groups.add(group(Readings.reading(devices[i], i, "MRN-1"), mode, i));
        }
        return groups;
    }

    private ReadingGroup group(ProcessedReading reading, SubjectMode mode, long offset) {
        byte[] value = Readings.bundle(FhirVersion.R4, reading, mode).getBytes(StandardCharsets.UTF_8);
        try {
            return reader.read(new SourceRecord("lumee.fhir.r4", 0, offset, "key", value, Optional.of(Readings.headers(reading))));
        } catch (UnreadableBundle e) {
            throw new AssertionError(e);
        }
    }

    private static String fullUrl(ReadingGroup group, String type) {
        return group.entries().stream().filter(e -> e.path("resource").path("resourceType").asText().equals(type))
                .findFirst().orElseThrow().path("fullUrl").asText();
    }

    private static List<JsonNode> entries(JsonNode bundle, String type) {
        return StreamSupport.stream(bundle.path("entry").spliterator(), false)
                .filter(e -> e.path("resource").path("resourceType").asText().equals(type)).toList();
    }
}
