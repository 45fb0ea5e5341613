package io.lumee.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository this module sits in: the files under check are read from its root. */
final class Repository {

    static final Path ROOT = findRoot();

    private Repository() {}

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    // surefire runs in the module's folder; an IDE may run from the root
    private static Path findRoot() {
        Path here = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("k8s")) && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (with k8s/ and pom.xml) above " + here);
    }
}
