package io.lumee.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumee.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MavenArtifactTest {
    private final Path repository = TempDirs.create("m2");

    @AfterEach
    void cleanUp() {
        TempDirs.deleteQuietly(repository);
    }

    @Test
    void missingArtifactIsFetchedIntoTheLocalRepository() {
        MavenArtifact sources = new MavenArtifact("org.slf4j", "slf4j-api", "2.0.17", "sources", "jar");

        Path file = sources.resolve(repository);

        assertThat(file).startsWith(repository).isRegularFile();
        assertThat(file.getFileName()).hasToString("slf4j-api-2.0.17-sources.jar");
    }

    @Test
    void artifactAlreadyPresentIsTakenAsIs() throws Exception {
        MavenArtifact artifact = new MavenArtifact("io.lumee", "nowhere", "1.0", "all", "tar.gz");
        Path file = artifact.localPath(repository);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "cached");

        assertThat(artifact.resolve(repository)).isEqualTo(file).hasContent("cached");
    }

    @Test
    void artifactThatCannotBeFetchedIsReportedWithTheCommandToTry() {
        MavenArtifact missing = new MavenArtifact("io.lumee", "does-not-exist", "0.0.1", "all", "tar.gz");

        assertThatThrownBy(() -> missing.resolve(repository))
                .hasMessageContaining("io.lumee:does-not-exist:0.0.1:tar.gz:all is not at")
                .hasMessageContaining(MavenArtifact.GET_GOAL);
    }
}
