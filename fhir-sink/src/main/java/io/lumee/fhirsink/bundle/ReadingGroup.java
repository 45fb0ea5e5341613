package io.lumee.fhirsink.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One reading's transaction Bundle entries (Device, Observation, Provenance, and in CREATE mode the
 * Patient) and the record they came from. The entries stand or fall together: a merged transaction is
 * bisected over groups, never over single entries. Entries are shared, never modified.
 */
public record ReadingGroup(SourceRecord source, List<ObjectNode> entries) {

    public ReadingGroup {
        Objects.requireNonNull(source, "source");
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a reading group needs at least one entry");
        }
    }

    @Override
    public String toString() {
        return "ReadingGroup[" + source + ", " + entries.size() + " entries]";
    }
}
