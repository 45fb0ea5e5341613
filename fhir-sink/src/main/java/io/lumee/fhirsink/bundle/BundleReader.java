package io.lumee.fhirsink.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a record's value as a transaction Bundle, as JSON: the sink needs the entries and their
 * requests only, the same in R4 and R5, so it never builds HAPI's resource model.
 */
public final class BundleReader {
    private final ObjectMapper json;

    public BundleReader(ObjectMapper json) {
        this.json = json;
    }

    public ReadingGroup read(SourceRecord source) throws UnreadableBundle {
        JsonNode bundle;
        try {
            bundle = json.readTree(source.value());
        } catch (JsonProcessingException notJson) {
            // Jackson's own message quotes the content; keep only where it broke
            throw new UnreadableBundle("not JSON (line " + notJson.getLocation().getLineNr() + ", column "
                    + notJson.getLocation().getColumnNr() + ")");
        } catch (IOException unreadable) {
            throw new UnreadableBundle("unreadable value");
        }
        if (bundle == null || !bundle.path("resourceType").asText().equals("Bundle")) {
            throw new UnreadableBundle("not a FHIR Bundle");
        }
        if (!bundle.path("type").asText().equals("transaction")) {
            throw new UnreadableBundle("a Bundle of type \"" + bundle.path("type").asText() + "\", not \"transaction\"");
        }
        List<ObjectNode> entries = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode request = entry.path("request");
            if (!entry.isObject() || !request.path("method").isTextual() || !request.path("url").isTextual()) {
                throw new UnreadableBundle("an entry without request.method and request.url");
            }
            entries.add((ObjectNode) entry);
        }
        if (entries.isEmpty()) {
            throw new UnreadableBundle("a transaction without entries");
        }
        return new ReadingGroup(source, entries);
    }
}
