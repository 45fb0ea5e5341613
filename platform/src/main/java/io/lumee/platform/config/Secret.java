package io.lumee.platform.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A secret value read from a file (a mounted Kubernetes Secret). Printing it never shows the content:
 * {@link #toString()} is {@code ****}, so a secret inside a record or a log argument stays masked.
 */
public final class Secret {

    static final String MASK = "****";

    private final byte[] value;

    private Secret(byte[] value) {
        this.value = value;
    }

    /** A secret holding a copy of {@code value}; empty values are refused, since they protect nothing. */
    public static Secret of(byte[] value) {
        if (value.length == 0) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(value.clone());
    }

    /**
     * Reads a secret file; trailing line breaks are dropped because editors and {@code echo} add them
     * while the secret itself never ends in one.
     */
    public static Secret readFrom(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        int end = content.length;
        while (end > 0 && (content[end - 1] == '\n' || content[end - 1] == '\r')) {
            end--;
        }
        return of(Arrays.copyOf(content, end));
    }

    /** Stands in for a required secret that could not be read; the config reader has recorded why. */
    static Secret unread() {
        return new Secret(new byte[0]);
    }

    public byte[] bytes() {
        return value.clone();
    }

    /** The content as UTF-8 text, for APIs that take a string (a JAAS line, a Kafka password). */
    public String text() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** The content as characters, for {@link java.security.KeyStore} passwords. */
    public char[] chars() {
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(value));
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        return chars;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
