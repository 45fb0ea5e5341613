package io.lumee.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterSecretTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET_BASE64 = Base64.getEncoder().encodeToString(SECRET);

    @TempDir
    Path dir;

    @Test
    void loadsBase64WithATrailingNewline() throws IOException {
        Path file = write("v2", SECRET_BASE64 + "\n");

        MasterSecret loaded = MasterSecret.load(2, file);

        assertThat(loaded.version()).isEqualTo(2);
        assertThat(loaded.kid()).isEqualTo("hkdf:2");
        assertThat(loaded.deviceKey("lumee-0001")).isEqualTo(MasterSecret.of(2, SECRET).deviceKey("lumee-0001"));
    }

    @Test
    void refusesAFileOfTheWrongLengthNamingTheFileButNotTheSecret() throws IOException {
        String shortSecret = Base64.getEncoder().encodeToString(new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2});
        Path file = write("short", shortSecret);

        assertThatThrownBy(() -> MasterSecret.load(1, file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("master secret version 1 in " + file + ": holds 12 bytes, expected 32")
                .hasMessageNotContaining(shortSecret);
    }

    @Test
    void refusesAFileThatIsNotBase64WithoutQuotingIt() throws IOException {
        Path file = write("hex", "s3cr3t!value-that-is-not-base64");

        assertThatThrownBy(() -> MasterSecret.load(1, file))
                .hasMessage("master secret version 1 in " + file + ": not base64")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void refusesAMissingFileInOneLine() {
        Path file = dir.resolve("absent");

        assertThatThrownBy(() -> MasterSecret.load(1, file))
                .hasMessage("master secret version 1 in " + file + ": cannot read (NoSuchFileException)");
    }

    @Test
    void refusesVersionsBelowOne() {
        assertThatThrownBy(() -> MasterSecret.of(0, SECRET)).hasMessageContaining("version must be >= 1");
    }

    @Test
    void toStringNeverRevealsTheSecret() {
        String shown = MasterSecret.of(3, SECRET).toString() + MasterSecrets.of(MasterSecret.of(3, SECRET));

        assertThat(shown).contains("3").doesNotContain(SECRET_BASE64, "0123456789", HexFormat.of().formatHex(SECRET));
    }

    @Test
    void toStringStillTellsAnOperatorWhichVersionsAreLoaded() {
        assertThat(MasterSecret.of(3, SECRET).toString()).isEqualTo("MasterSecret[version=3, secret=<redacted>]");
        assertThat(MasterSecrets.of(MasterSecret.of(3, SECRET)).toString()).isEqualTo("MasterSecrets[hkdf:3]");
    }

    @Test
    void copiesTheSecretSoTheCallerCanWipeTheirs() {
        byte[] mine = SECRET.clone();
        MasterSecret secret = MasterSecret.of(1, mine);
        byte[] keyBefore = secret.deviceKey("lumee-0001");

        Arrays.fill(mine, (byte) 0);

        assertThat(secret.deviceKey("lumee-0001")).isEqualTo(keyBefore);
    }

    @Test
    void eachDeviceGetsItsOwnKey() {
        MasterSecret secret = MasterSecret.of(1, SECRET);

        assertThat(secret.deviceKey("lumee-0001")).hasSize(32).isNotEqualTo(secret.deviceKey("lumee-0002"));
    }

    @Test
    void refusesToDeriveForAnInvalidDeviceId() {
        assertThatThrownBy(() -> MasterSecret.of(1, SECRET).deviceKey("no spaces"))
                .hasMessageContaining("deviceId: must be");
    }

    @Test
    void activeSetFindsEachVersionByItsExactKid() {
        MasterSecrets active = MasterSecrets.of(MasterSecret.of(2, SECRET), MasterSecret.of(1, SECRET));

        assertThat(active.kids()).containsExactly("hkdf:1", "hkdf:2");
        assertThat(active.byKid("hkdf:2")).hasValueSatisfying(secret -> assertThat(secret.version()).isEqualTo(2));
        assertThat(active.byKid("hkdf:02")).isEmpty();
        assertThat(active.byKid("hkdf:3")).isEmpty();
    }

    @Test
    void activeSetRefusesAVersionGivenTwice() {
        assertThatThrownBy(() -> MasterSecrets.of(MasterSecret.of(1, SECRET), MasterSecret.of(1, new byte[32])))
                .hasMessage("master secret version 1 given twice");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
    }
}
