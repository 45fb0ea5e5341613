package io.lumee.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No scanner can reach an advisory feed from these machines (docs/dependency-review.md), so the
 * reviewed list is the control: every third-party artifact that a runnable jar ships, as its Maven
 * metadata names it, must be pinned at that exact version in the list. A bump, or a new transitive
 * artifact, fails here until someone reviews it and adds it.
 */
class ReviewedDependenciesTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern PINNED = Pattern.compile("(?m)^([A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.+-]+)$");

    @Test
    void everyArtifactARunnableJarShipsIsPinnedInTheReviewedList() throws IOException {
        Set<String> reviewed = reviewed();
        assertThat(reviewed).as("pinned artifacts in docs/dependency-review.md").hasSizeGreaterThan(100);

        List<Path> jars = new ArrayList<>(Stream.of(Service.values())
                .map(s -> REPOSITORY.resolve(s.module()).resolve("target").resolve(s.jarName())).toList());
        jars.add(REPOSITORY.resolve("admin-cli/target/lumee-admin.jar"));
        Set<String> unreviewed = new TreeSet<>();
        int shipped = 0;
        for (Path jar : jars) {
            assertThat(jar).as("build the runnable jars first (mvn -DskipTests package)").isRegularFile();
            for (String artifact : shippedArtifacts(jar)) {
                shipped++;
                if (!reviewed.contains(artifact)) {
                    unreviewed.add(artifact + " (in " + jar.getFileName() + ")");
                }
            }
        }
        assertThat(shipped).as("artifacts with Maven metadata in the runnable jars").isGreaterThan(100);
        assertThat(unreviewed).as("shipped but not in docs/dependency-review.md's pinned list").isEmpty();
    }

    static Set<String> reviewed() throws IOException {
        Matcher pinned = PINNED.matcher(Files.readString(REPOSITORY.resolve("docs/dependency-review.md")));
        Set<String> artifacts = new TreeSet<>();
        while (pinned.find()) {
            artifacts.add(pinned.group(1));
        }
        return artifacts;
    }

    /** group:artifact:version of every third-party jar shaded in, from the pom.properties Maven leaves in each. */
    static Set<String> shippedArtifacts(Path jar) throws IOException {
        Set<String> artifacts = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().startsWith("META-INF/maven/") || !entry.getName().endsWith("/pom.properties")) {
                    continue;
                }
                Properties properties = new Properties();
                try (InputStream in = file.getInputStream(entry)) {
                    properties.load(in);
                }
                String group = properties.getProperty("groupId");
                if (group != null && !group.equals("io.lumee")) {
                    artifacts.add(group + ":" + properties.getProperty("artifactId") + ":" + properties.getProperty("version"));
                }
            }
        }
        return artifacts;
    }
}
