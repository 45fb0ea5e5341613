package io.lumee.fhirsink.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenFileTest {
    @TempDir
    Path dir;

    @Test
    void aRewrittenTokenIsUsedFromTheNextRequestOn() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "first-token\n");
        BearerTokenFile token = new BearerTokenFile(file);
        assertThat(token.header()).contains("Bearer first-token");

        Files.writeString(file, "second-token-longer\n");

        assertThat(token.header()).contains("Bearer second-token-longer");
    }

    @Test
    void aRefusalRereadsEvenWhenTheFileLooksUnchanged() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "aaaa");
        BearerTokenFile token = new BearerTokenFile(file);
        FileTime modified = Files.getLastModifiedTime(file);
        token.header();
        Files.writeString(file, "bbbb");
        Files.setLastModifiedTime(file, modified);
        assertThat(token.header()).as("same size and time: cached").contains("Bearer aaaa");

        token.refused();

        assertThat(token.header()).contains("Bearer bbbb");
    }

    @Test
    void aMissingFileMeansNoTokenNowNotACrash() {
        BearerTokenFile token = new BearerTokenFile(dir.resolve("absent"));

        assertThatThrownBy(token::header).isInstanceOf(TokenUnavailable.class).hasMessageContaining("absent");
    }
}
