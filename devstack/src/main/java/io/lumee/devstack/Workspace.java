package io.lumee.devstack;

import io.lumee.testkit.TempDirs;
import io.lumee.testkit.tls.IssuedCertificate;
import io.lumee.testkit.tls.TestCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The stack's scratch folder: key material and the files secrets are read from, as Kubernetes would
 * mount them. Everything is generated afresh at each start and removed at the end.
 */
final class Workspace implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir = TempDirs.create("devstack");
    private final char[] storePassword = HexFormat.of().formatHex(random(12)).toCharArray();
    private final Path storePasswordFile;

    Workspace() {
        storePasswordFile = write("store-password", new String(storePassword));
    }

    Path dir() {
        return dir;
    }

    Path subdir(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    char[] storePassword() {
        return storePassword.clone();
    }

    Path storePasswordFile() {
        return storePasswordFile;
    }

    /** A PKCS12 key store holding {@code certificate}, protected by the workspace's store password. */
    Path keyStore(String name, IssuedCertificate certificate) {
        return certificate.writePkcs12(dir.resolve(name + ".p12"), storePassword);
    }

    Path trustStore(TestCa ca) {
        Path file = dir.resolve("truststore.p12");
        return Files.exists(file) ? file : ca.writeTrustStore(file, storePassword);
    }

    /** A file holding the base64 of fresh random bytes: a master secret, an AES key. */
    Path randomKeyFile(String name, int bytes) {
        return write(name, Base64.getEncoder().encodeToString(random(bytes)));
    }

    Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name, e);
        }
    }

    static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    @Override
    public void close() {
        TempDirs.deleteQuietly(dir);
    }
}
