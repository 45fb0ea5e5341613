package io.lumee.clinical;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Ids derived from a reading id alone, so mapping the same reading twice (a replay, a resend, a
 * restarted processor) yields the same ids, and a receiver recognises the second copy.
 */
public final class ReadingIds {

    /** HL7 v2.5.1 MSH-10 is an ST of at most 20 characters. */
    public static final int CONTROL_ID_LENGTH = 20;

    private ReadingIds() {
    }

    /**
     * Lower-case hex SHA-256 of the reading id: 64 characters, inside FHIR's id rule
     * {@code [A-Za-z0-9.-]{1,64}}, which the reading id itself (with its colons) is not.
     */
    public static String provenanceId(String readingId) {
        return HexFormat.of().formatHex(sha256(readingId));
    }

    /**
     * The first 20 characters of {@link #provenanceId}: 80 bits, so two readings share a control id
     * with negligible probability, and an interface engineer can find the Provenance from an ACK.
     */
    public static String messageControlId(String readingId) {
        return provenanceId(readingId).substring(0, CONTROL_ID_LENGTH);
    }

    /**
     * A transaction Bundle entry's {@code fullUrl}: a name-based UUID of the reading and the entry's
     * role, stable across replays so the same reading always encodes to the same Bundle.
     */
    public static String entryUrn(String readingId, String role) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes((role + "|" + readingId).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
