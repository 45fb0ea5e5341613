package io.lumee.testkit.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A child JVM's classpath as a server module's build wrote it: {@code maven-dependency-plugin:build-classpath}
 * output stored as a resource in the module's jar, which the testkit depends on without its dependencies.
 * The classpath is that jar (it holds the server's own classes) plus every listed jar, all in the local
 * Maven repository, so a heavy server's Spring or Quarkus never reaches a test classpath.
 */
public final class ClasspathListing {
    private ClasspathListing() {}

    /**
     * @param resource the listing's resource path, e.g. {@code io/lumee/testkit/s3server/runtime.classpath}
     * @param module the Maven module that writes it, named in the error when it is missing or stale
     */
    public static List<Path> read(String resource, String module) {
        URL listing = ClasspathListing.class.getClassLoader().getResource(resource);
        if (listing == null) {
            throw new IllegalStateException(resource + " is not on the classpath: the testkit needs " + module);
        }
        List<Path> classpath = new ArrayList<>();
        classpath.add(location(listing, resource));
        try (InputStream in = listing.openStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            Arrays.stream(text.split(java.io.File.pathSeparator)).filter(entry -> !entry.isBlank()).map(Path::of)
                    .forEach(classpath::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + listing, e);
        }
        classpath.stream().filter(entry -> !Files.exists(entry)).findFirst().ifPresent(missing -> {
            throw new IllegalStateException("the classpath listed by " + module + " names " + missing
                    + ", which is gone; rebuild " + module + " (mvn install) to refresh it");
        });
        return classpath;
    }

    /** The jar, or classes folder, that holds the listing. */
    private static Path location(URL listing, String resource) {
        try {
            if (listing.getProtocol().equals("jar")) {
                return Path.of(((JarURLConnection) listing.openConnection()).getJarFileURL().toURI());
            }
            Path file = Path.of(listing.toURI());
            for (int depth = resource.split("/").length; depth > 0; depth--) {
                file = file.getParent();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
