package io.lumee.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/**
 * One version of the HS256 master secret: 32 random bytes from which every HS256 device key is
 * derived, so no per-device secret is stored anywhere. Never printed: {@link #toString()} shows
 * the version only.
 */
public final class MasterSecret {

    public static final int LENGTH = 32;
    private static final byte[] SALT = "lumee-device-key-v1".getBytes(StandardCharsets.US_ASCII);

    private final int version;
    private final byte[] secret;

    private MasterSecret(int version, byte[] secret) {
        requireVersion(version);
        if (secret.length != LENGTH) {
            throw new IllegalArgumentException("master secret version " + version + " must be " + LENGTH
                    + " bytes, was " + secret.length);
        }
        this.version = version;
        this.secret = secret.clone();
    }

    public static MasterSecret of(int version, byte[] secret) {
        return new MasterSecret(version, secret);
    }

    /**
     * Reads a file holding the base64 (RFC 4648, with padding) of 32 bytes; surrounding
     * whitespace such as a trailing newline is ignored.
     *
     * @throws IllegalArgumentException with one line naming the version and the file, never the secret
     */
    public static MasterSecret load(int version, Path file) {
        String where = "master secret version " + version + " in " + file + ": ";
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(where + "cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            // The decoder's message can quote the offending character: part of the secret.
            throw new IllegalArgumentException(where + "not base64");
        }
        try {
            if (secret.length != LENGTH) {
                throw new IllegalArgumentException(where + "holds " + secret.length + " bytes, expected " + LENGTH);
            }
            return new MasterSecret(version, secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    public int version() {
        return version;
    }

    /** {@code hkdf:<version>}, the JWS {@code kid} of every device key derived from this secret. */
    public String kid() {
        return kid(version);
    }

    static String kid(int version) {
        requireVersion(version);
        return "hkdf:" + version;
    }

    private static void requireVersion(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("master secret version must be >= 1, was " + version);
        }
    }

    /**
     * The HS256 key of one device: HKDF-SHA256 with this secret as IKM, salt
     * {@code lumee-device-key-v1}, info the UTF-8 deviceId, 32 bytes. Provisioning writes it to the
     * device; verifiers derive it again per reading.
     */
    public byte[] deviceKey(String deviceId) {
        if (!ReadingRules.isDeviceId(deviceId)) {
            throw new IllegalArgumentException(ReadingField.DEVICE_ID.invalid());
        }
        return Hkdf.deriveSha256(secret, SALT, deviceId.getBytes(StandardCharsets.UTF_8), LENGTH);
    }

    @Override
    public String toString() {
        return "MasterSecret[version=" + version + ", secret=<redacted>]";
    }
}
