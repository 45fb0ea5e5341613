package io.lumee.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/device-protocol.md prints the test vectors for people; the resource file is what code
 * reads. Each fenced block tagged {@code vector=<path>} must equal the value at that path, and
 * every value in the file must be printed, so the two can never drift apart.
 */
class DeviceProtocolDocTest {

    // Surefire runs in the module directory.
    private static final Path DOC = Path.of("..", "docs", "device-protocol.md");
    private static final Pattern OPENING_FENCE = Pattern.compile("^```\\S*\\s+vector=(\\S+)\\s*$");

    @Test
    void everyPrintedVectorEqualsTheResourceFile() throws IOException {
        JsonNode vectors = TestVectors.load();
        Map<String, String> printed = printedVectors();

        assertThat(printed).isNotEmpty();
        printed.forEach((path, text) -> {
            JsonNode value = at(vectors, path);
            assertThat(value).as("vector %s is printed in the doc but not in the resource file", path).isNotNull();
            if (value.isContainerNode()) {
                assertThat(readTree(text)).as(path).isEqualTo(value);
            } else {
                assertThat(text).as(path).isEqualTo(value.asText());
            }
        });
    }

    @Test
    void everyVectorInTheResourceFileIsPrinted() throws IOException {
        Map<String, String> printed = printedVectors();
        List<String> leaves = new ArrayList<>();
        collectLeaves(TestVectors.load(), "", leaves);
        leaves.remove("description");

        assertThat(leaves).isNotEmpty().allSatisfy(leaf -> assertThat(printed.keySet())
                .as("vector %s is not printed in %s", leaf, DOC)
                .anyMatch(path -> leaf.equals(path) || leaf.startsWith(path + ".")));
    }

    @Test
    void docStatesTheSizeBoundsTheCodeEnforces() throws IOException {
        assertThat(Files.readString(DOC)).contains(
                "at most **" + ProtocolLimits.MAX_READING_BYTES + " bytes**",
                "at most **" + ProtocolLimits.MAX_JWS_CHARS + " characters**");
    }

    @Test
    void docListsEveryFailureReason() throws IOException {
        String doc = Files.readString(DOC);

        assertThat(JwsFailure.Reason.values()).allSatisfy(reason -> assertThat(doc).contains("| `" + reason + "` |"));
    }

    /** Each tagged block's lines, by tag; a tag used twice is an error, not a silent overwrite. */
    private static Map<String, String> printedVectors() throws IOException {
        Map<String, String> blocks = new LinkedHashMap<>();
        Iterator<String> lines = Files.readAllLines(DOC).iterator();
        while (lines.hasNext()) {
            Matcher fence = OPENING_FENCE.matcher(lines.next());
            if (fence.matches()) {
                StringBuilder block = new StringBuilder();
                for (String line = lines.next(); !line.equals("```"); line = lines.next()) {
                    block.append(block.length() == 0 ? "" : "\n").append(line);
                }
                assertThat(blocks.put(fence.group(1), block.toString())).as("vector %s printed twice", fence.group(1))
                        .isNull();
            }
        }
        return blocks;
    }

    private static JsonNode at(JsonNode root, String dottedPath) {
        JsonNode node = root;
        for (String name : dottedPath.split("\\.")) {
            node = node == null ? null : node.get(name);
        }
        return node;
    }

    private static void collectLeaves(JsonNode node, String path, List<String> leaves) {
        if (!node.isObject()) {
            leaves.add(path);
            return;
        }
        node.properties().forEach(field ->
                collectLeaves(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), leaves));
    }

    private static JsonNode readTree(String json) {
        try {
            return TestVectors.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("printed vector is not JSON: " + json, e);
        }
    }
}
