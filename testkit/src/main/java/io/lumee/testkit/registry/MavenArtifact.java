package io.lumee.testkit.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An artifact taken from the local Maven repository, fetched with {@code mvn dependency:get} when
 * absent. For artifacts that cannot be POM dependencies (the registry server's parent POM is not
 * served, so neither a dependency nor {@code dependency:unpack} resolves it).
 */
record MavenArtifact(String groupId, String artifactId, String version, String classifier, String type) {
    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(10);
    /**
     * Pinned to 2.8: it fetches an artifact whose parent POM is missing with a warning, where 3.x fails
     * on the missing descriptor (io.apicurio:apicurio-registry:pom is not on Maven Central).
     */
    static final String GET_GOAL = "org.apache.maven.plugins:maven-dependency-plugin:2.8:get";

    String coordinates() {
        return groupId + ":" + artifactId + ":" + version + ":" + type + ":" + classifier;
    }

    Path localPath(Path repository) {
        return repository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version)
                .resolve(artifactId + "-" + version + "-" + classifier + "." + type);
    }

    /** The local repository Maven uses: {@code -Dmaven.repo.local} when the build passed it, else the default. */
    static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    Path resolve() {
        return resolve(localRepository());
    }

    Path resolve(Path repository) {
        Path file = localPath(repository);
        if (Files.isRegularFile(file)) {
            return file;
        }
        List<String> command = List.of("mvn", "-B", "-q", GET_GOAL, "-Dartifact=" + coordinates(),
                "-Dtransitive=false", "-Dmaven.repo.local=" + repository);
        String output;
        int code;
        try {
            Path log = Files.createTempFile("lumee-mvn-get", ".log");
            // run outside any project, so no pluginManagement or project repository interferes
            Process process = new ProcessBuilder(command).directory(log.getParent().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
            code = process.isAlive() ? -1 : process.exitValue();
            output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new IllegalStateException(missing(file, command) + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + coordinates(), e);
        }
        if (code != 0 || !Files.isRegularFile(file)) {
            throw new IllegalStateException(missing(file, command) + " (exit " + code + "): " + output.strip());
        }
        return file;
    }

    private String missing(Path file, List<String> command) {
        return coordinates() + " is not at " + file + " and could not be fetched with `"
                + String.join(" ", command) + "`";
    }
}
