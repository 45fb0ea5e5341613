package io.lumee.fhirsink.auth;

import io.lumee.platform.config.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * A bearer token kept in a file (a mounted Secret that an operator or a token sidecar rewrites). The file
 * is read again whenever its modification time or size changes, and after a 401, so a rotated token is
 * used from the next request on without a restart.
 */
public final class BearerTokenFile implements Authorization {
    private final Path file;
    private FileTime readModified;
    private long readSize = -1;
    private String token;

    public BearerTokenFile(Path file) {
        this.file = file;
    }

    @Override
    public synchronized Optional<String> header() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (token == null || !modified.equals(readModified) || size != readSize) {
                token = Secret.readFrom(file).text().strip();
                readModified = modified;
                readSize = size;
            }
        } catch (IOException | IllegalArgumentException unreadable) {
            throw new TokenUnavailable("bearer token file " + file + " is unreadable or empty");
        }
        return Optional.of("Bearer " + token);
    }

    @Override
    public synchronized void refused() {
        token = null;
    }
}
