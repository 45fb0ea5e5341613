package io.lumee.fhirsink.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges readings' transaction Bundles into one transaction, in order.
 *
 * <p>Entries that would write the same thing twice are collapsed to the first: conditional creates with
 * the same type and {@code ifNoneExist} (the same Device, the same Patient in CREATE mode, the same
 * reading read twice) and PUTs to the same URL. FHIR leaves such a transaction to the server, and
 * servers refuse it or resolve both conditionals against the state before the transaction, creating
 * two. References to a dropped entry's {@code fullUrl} are rewritten to the surviving entry's, so the
 * Observations and Provenances of every reading still point at the one Device (and Patient).
 */
public final class BundleMerger {
    private final ObjectMapper json;

    public BundleMerger(ObjectMapper json) {
        this.json = json;
    }

    /** One transaction Bundle, as JSON, holding every group's entries with duplicates collapsed. */
    public String merge(List<ReadingGroup> groups) {
        Map<String, String> survivorFullUrl = new HashMap<>();
        Map<String, String> renamed = new HashMap<>();
        List<ObjectNode> kept = new ArrayList<>();
        for (ReadingGroup group : groups) {
            for (ObjectNode entry : group.entries()) {
                Optional<String> key = collapseKey(entry);
                String fullUrl = entry.path("fullUrl").asText(null);
                if (key.isPresent() && survivorFullUrl.containsKey(key.get())) {
                    String survivor = survivorFullUrl.get(key.get());
                    if (fullUrl != null && survivor != null && !fullUrl.equals(survivor)) {
                        renamed.put(fullUrl, survivor);
                    }
                    continue;
                }
                key.ifPresent(k -> survivorFullUrl.put(k, fullUrl));
                kept.add(entry);
            }
        }
        ObjectNode bundle = json.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
        ArrayNode entries = bundle.putArray("entry");
        for (ObjectNode entry : kept) {
            entries.add(renamed.isEmpty() ? entry : rewriteReferences(entry.deepCopy(), renamed));
        }
        try {
            return json.writeValueAsString(bundle);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /**
     * Splits groups, in order, into runs whose merged transaction has at most {@code maxEntries} entries
     * after collapsing; a group larger than that alone is a run of its own.
     */
    public List<List<ReadingGroup>> chunks(List<ReadingGroup> groups, int maxEntries) {
        List<List<ReadingGroup>> runs = new ArrayList<>();
        List<ReadingGroup> run = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int entries = 0;
        for (ReadingGroup group : groups) {
            int added = newEntries(group, keys, new HashSet<>());
            if (!run.isEmpty() && entries + added > maxEntries) {
                runs.add(run);
                run = new ArrayList<>();
                keys = new HashSet<>();
                entries = 0;
            }
            entries += newEntries(group, keys, keys);
            run.add(group);
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    /** How many entries {@code group} adds to a transaction already holding {@code present}; its keys go to {@code into}. */
    private static int newEntries(ReadingGroup group, Set<String> present, Set<String> into) {
        Set<String> own = new HashSet<>();
        int added = 0;
        for (ObjectNode entry : group.entries()) {
            Optional<String> key = collapseKey(entry);
            if (key.isEmpty() || (!present.contains(key.get()) && own.add(key.get()))) {
                added++;
            }
        }
        into.addAll(own);
        return added;
    }

    /** Entries with the same key write the same resource: conditional creates and PUTs. */
    static Optional<String> collapseKey(ObjectNode entry) {
        JsonNode request = entry.path("request");
        String method = request.path("method").asText();
        String url = request.path("url").asText();
        if (method.equals("POST") && request.path("ifNoneExist").isTextual()) {
            return Optional.of("POST " + url + "?" + request.path("ifNoneExist").asText());
        }
        if (method.equals("PUT")) {
            return Optional.of("PUT " + url);
        }
        return Optional.empty();
    }

    private static ObjectNode rewriteReferences(ObjectNode node, Map<String, String> renamed) {
        rewrite(node, renamed);
        return node;
    }

    private static void rewrite(JsonNode node, Map<String, String> renamed) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Map<String, String> replacements = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getKey().equals("reference") && field.getValue().isTextual()
                        && renamed.containsKey(field.getValue().asText())) {
                    replacements.put(field.getKey(), renamed.get(field.getValue().asText()));
                } else {
                    rewrite(field.getValue(), renamed);
                }
            }
            replacements.forEach(object::put);
        } else if (node.isArray()) {
            node.forEach(child -> rewrite(child, renamed));
        }
    }
}
