package io.lumee.archive.read;

import io.lumee.archive.format.ArchivedRecord;
import io.lumee.archive.format.WireFormat;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes archived Avro values with the writer schema their object carries, resolved to today's schema of
 * the record (so fields read by their current names), as generic records: no generated class has to be
 * trusted to decode, and a value from years back still reads.
 */
public final class ArchivedValues {
    private ArchivedValues() {}

    /** Empty for a tombstone, an unframed value, an id the object has no schema for, or bytes that do not decode. */
    public static Optional<GenericRecord> decode(ArchivedRecord record, Map<Integer, Schema> writerSchemas, Schema reader) {
        OptionalInt id = WireFormat.contentId(record.value());
        if (id.isEmpty() || !writerSchemas.containsKey(id.getAsInt())) {
            return Optional.empty();
        }
        byte[] value = record.value();
        try {
            GenericDatumReader<GenericRecord> datum = new GenericDatumReader<>(writerSchemas.get(id.getAsInt()), reader);
            return Optional.of(datum.read(null, DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER_BYTES,
                    value.length - WireFormat.HEADER_BYTES, null)));
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException notDecodable) {
            return Optional.empty();
        }
    }
}
