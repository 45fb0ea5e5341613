package io.lumee.cli.ca;

import io.lumee.platform.config.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files holding key material: created new, readable and writable by the owner only (0600) from their
 * first byte, never overwritten. Passwords come from files too, never from arguments, which shell
 * history and process lists keep.
 */
public final class PrivateFiles {

    private PrivateFiles() {}

    /** Writes a new owner-only file; an existing one is refused, since overwriting a key loses it for good. */
    public static Path write(Path file, byte[] content) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite key material");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(content);
        }
        return file;
    }

    /** A public file (a certificate): owner-writable, world-readable, never overwritten. */
    public static Path writePublic(Path file, byte[] content) throws IOException {
        write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    /** The password in a file, without its trailing line break. */
    public static char[] password(Path file) throws IOException {
        return Secret.readFrom(file).chars();
    }
}
