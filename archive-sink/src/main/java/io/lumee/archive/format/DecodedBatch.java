package io.lumee.archive.format;

import io.lumee.archive.store.ArchiveRange;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;

/** An archive object's content read back: the range its file declares, its records, its writer schemas. */
public record DecodedBatch(ArchiveRange declaredRange, List<ArchivedRecord> records, Map<Integer, Schema> writerSchemas) {
    public DecodedBatch {
        Objects.requireNonNull(declaredRange, "declaredRange");
        records = List.copyOf(records);
        writerSchemas = Map.copyOf(writerSchemas);
    }
}
