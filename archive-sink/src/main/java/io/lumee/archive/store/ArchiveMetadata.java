package io.lumee.archive.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The user metadata every archive object carries ({@code x-amz-meta-lumee-*}), readable with a HEAD
 * without decrypting: the SHA-256 of the plaintext content (the Avro file), the record count, the first
 * record's date, and the earliest and latest record timestamps so an export skips objects outside its window.
 */
public record ArchiveMetadata(byte[] sha256, int records, LocalDate firstRecordDate, Instant minTimestamp, Instant maxTimestamp) {
    static final String SHA256 = "lumee-sha256";
    static final String RECORDS = "lumee-records";
    static final String FIRST_RECORD_DATE = "lumee-first-record-date";
    static final String MIN_TIMESTAMP = "lumee-min-timestamp";
    static final String MAX_TIMESTAMP = "lumee-max-timestamp";

    public ArchiveMetadata {
        sha256 = Objects.requireNonNull(sha256, "sha256").clone();
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest is 32 bytes, was " + sha256.length);
        }
        if (records < 1) {
            throw new IllegalArgumentException("an archive object holds at least one record");
        }
        Objects.requireNonNull(firstRecordDate, "firstRecordDate");
        Objects.requireNonNull(minTimestamp, "minTimestamp");
        Objects.requireNonNull(maxTimestamp, "maxTimestamp");
    }

    public static LocalDate dateOf(Instant timestamp) {
        return timestamp.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    public Map<String, String> toMap() {
        return Map.of(SHA256, sha256Hex(), RECORDS, Integer.toString(records), FIRST_RECORD_DATE, firstRecordDate.toString(),
                MIN_TIMESTAMP, minTimestamp.toString(), MAX_TIMESTAMP, maxTimestamp.toString());
    }

    /** Empty when a field is missing or malformed: the object was not written by the archive-sink as it is now. */
    public static Optional<ArchiveMetadata> fromMap(Map<String, String> metadata) {
        try {
            return Optional.of(new ArchiveMetadata(HexFormat.of().parseHex(metadata.get(SHA256)),
                    Integer.parseInt(metadata.get(RECORDS)), LocalDate.parse(metadata.get(FIRST_RECORD_DATE)),
                    Instant.parse(metadata.get(MIN_TIMESTAMP)), Instant.parse(metadata.get(MAX_TIMESTAMP))));
        } catch (RuntimeException missingOrMalformed) {
            return Optional.empty();
        }
    }
}
