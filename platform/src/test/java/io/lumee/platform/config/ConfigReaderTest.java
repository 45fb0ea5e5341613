package io.lumee.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

    private enum Colour { RED, GREEN }

    @TempDir
    Path dir;

    @Test
    void badPortIsReportedInOneLine() {
        ConfigReader config = new ConfigReader(Map.of("LUMEE_MANAGEMENT_PORT", "abc"));

        config.intValue("LUMEE_MANAGEMENT_PORT", 8081, 0, 65535);

        assertThatThrownBy(config::requireValid)
                .isInstanceOf(ConfigException.class)
                .hasMessage("LUMEE_MANAGEMENT_PORT: expected an integer in 0..65535, got \"abc\"");
    }

    @Test
    void everyBadSettingIsReportedTogetherInReadingOrder() {
        ConfigReader config = new ConfigReader(Map.of(
                "LUMEE_A", "70000", "LUMEE_B", "maybe", "LUMEE_C", "10 parsecs", "LUMEE_D", "BLUE", "LUMEE_E", "kafka"));

        config.intValue("LUMEE_A", 1, 1, 65535);
        config.booleanValue("LUMEE_B", false);
        config.duration("LUMEE_C", "30s");
        config.enumValue("LUMEE_D", Colour.RED);
        config.hostPort("LUMEE_E", "127.0.0.1:9092");

        assertThatThrownBy(config::requireValid)
                .isInstanceOfSatisfying(ConfigException.class, refused -> assertThat(refused.errors()).containsExactly(
                        "LUMEE_A: expected an integer in 1..65535, got \"70000\"",
                        "LUMEE_B: expected true or false, got \"maybe\"",
                        "LUMEE_C: expected a positive duration such as 500ms, 30s, 5m, 2h or 7d, got \"10 parsecs\"",
                        "LUMEE_D: expected one of RED, GREEN, got \"BLUE\"",
                        "LUMEE_E: expected host:port, got \"kafka\""));
    }

    @Test
    void unsetAndBlankVariablesTakeTheirDefaults() {
        ConfigReader config = new ConfigReader(Map.of("LUMEE_BLANK", "  "));

        assertThat(config.string("LUMEE_BLANK", "fallback")).isEqualTo("fallback");
        assertThat(config.intValue("LUMEE_INT", 7, 0, 10)).isEqualTo(7);
        assertThat(config.longValue("LUMEE_LONG", 5_000_000_000L, 0, Long.MAX_VALUE)).isEqualTo(5_000_000_000L);
        assertThat(config.booleanValue("LUMEE_FLAG", true)).isTrue();
        assertThat(config.duration("LUMEE_WAIT", "7d")).isEqualTo(Duration.ofDays(7));
        assertThat(config.enumValue("LUMEE_COLOUR", Colour.GREEN)).isEqualTo(Colour.GREEN);
        assertThat(config.list("LUMEE_LIST", "a,b")).containsExactly("a", "b");
        assertThat(config.hostPort("LUMEE_ENDPOINT", "127.0.0.1:9092")).isEqualTo(new HostPort("127.0.0.1", 9092));
        assertThat(config.optionalString("LUMEE_NOTHING")).isEmpty();
        assertThat(config.optionalSecret("LUMEE_NO_SECRET_FILE")).isEmpty();
        config.requireValid();
    }

    @Test
    void valuesAreParsedByType() {
        ConfigReader config = new ConfigReader(Map.of(
                "LUMEE_TEXT", " padded ", "LUMEE_INT", "42", "LUMEE_FLAG", "FALSE", "LUMEE_COLOUR", "green",
                "LUMEE_LIST", " a, ,b ,c", "LUMEE_ENDPOINTS", "broker-1:9092, [::1]:9093"));

        assertThat(config.string("LUMEE_TEXT", "")).isEqualTo("padded");
        assertThat(config.intValue("LUMEE_INT", 0, 0, 100)).isEqualTo(42);
        assertThat(config.booleanValue("LUMEE_FLAG", true)).isFalse();
        assertThat(config.enumValue("LUMEE_COLOUR", Colour.RED)).isEqualTo(Colour.GREEN);
        assertThat(config.list("LUMEE_LIST", "")).containsExactly("a", "b", "c");
        assertThat(config.hostPorts("LUMEE_ENDPOINTS", "127.0.0.1:9092"))
                .containsExactly(new HostPort("broker-1", 9092), new HostPort("::1", 9093));
        config.requireValid();
    }

    @Test
    void durationsArePositiveWithAUnitOrInIso8601() {
        ConfigReader config = new ConfigReader(Map.of(
                "LUMEE_MS", "500ms", "LUMEE_S", "30s", "LUMEE_M", "5m", "LUMEE_H", "2h", "LUMEE_D", "7d", "LUMEE_ISO", "PT1M30S",
                "LUMEE_NEGATIVE", "-PT5S", "LUMEE_ZERO", "0s", "LUMEE_HUGE", "99999999999999999999d"));

        assertThat(config.duration("LUMEE_MS", "1s")).isEqualTo(Duration.ofMillis(500));
        assertThat(config.duration("LUMEE_S", "1s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.duration("LUMEE_M", "1s")).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.duration("LUMEE_H", "1s")).isEqualTo(Duration.ofHours(2));
        assertThat(config.duration("LUMEE_D", "1s")).isEqualTo(Duration.ofDays(7));
        assertThat(config.duration("LUMEE_ISO", "1s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.duration("LUMEE_NEGATIVE", "1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.duration("LUMEE_ZERO", "1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.duration("LUMEE_HUGE", "1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.errors()).hasSize(3).allMatch(line -> line.contains("expected a positive duration"));
    }

    @Test
    void hostPortListWithOneBadEntryIsRefusedWhole() {
        ConfigReader config = new ConfigReader(Map.of("LUMEE_KAFKA_BOOTSTRAP", "a:9092,b"));

        assertThat(config.hostPorts("LUMEE_KAFKA_BOOTSTRAP", "127.0.0.1:9092")).containsExactly(new HostPort("127.0.0.1", 9092));
        assertThat(config.errors()).containsExactly("LUMEE_KAFKA_BOOTSTRAP: expected a comma-separated list of host:port, got \"a:9092,b\"");
    }

    @Test
    void badValueWithLineBreakStaysOnOneLine() {
        ConfigReader config = new ConfigReader(Map.of("LUMEE_PORT", "80\n\"81\""));

        config.intValue("LUMEE_PORT", 80, 1, 65535);

        assertThat(config.errors()).containsExactly("LUMEE_PORT: expected an integer in 1..65535, got \"80\\n\\\"81\\\"\"");
    }

    @Test
    void secretIsReadFromItsFileWithoutTheTrailingLineBreak() throws IOException {
        Path file = Files.writeString(dir.resolve("jaas"), "s3cr3t value\n");
        ConfigReader config = new ConfigReader(Map.of("LUMEE_JAAS_FILE", file.toString()));

        Secret secret = config.secret("LUMEE_JAAS_FILE");

        assertThat(secret.text()).isEqualTo("s3cr3t value");
        assertThat(secret.bytes()).isEqualTo("s3cr3t value".getBytes(StandardCharsets.UTF_8));
        assertThat(secret.chars()).containsExactly("s3cr3t value".toCharArray());
        assertThat(secret).hasToString("****");
        config.requireValid();
    }

    @Test
    void effectiveConfigMasksSecretsAndMarksDefaults() throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "hunter2");
        ConfigReader config = new ConfigReader(Map.of("LUMEE_PASSWORD_FILE", file.toString(), "LUMEE_PORT", "9000"));

        config.secret("LUMEE_PASSWORD_FILE");
        config.intValue("LUMEE_PORT", 8081, 0, 65535);
        config.string("LUMEE_HOST", "0.0.0.0");
        config.optionalReadableFile("LUMEE_TRUSTSTORE_FILE");

        assertThat(config.settings()).containsExactly(
                new Setting("LUMEE_PASSWORD_FILE", "**** from " + file, false),
                new Setting("LUMEE_PORT", "9000", false),
                new Setting("LUMEE_HOST", "0.0.0.0", true),
                new Setting("LUMEE_TRUSTSTORE_FILE", "(unset)", false));
        assertThat(config.settings().toString()).doesNotContain("hunter2").contains("LUMEE_HOST=0.0.0.0 (default)");
    }

    @Test
    void emptySecretFileIsRefusedWithoutItsContent() throws IOException {
        Path file = Files.writeString(dir.resolve("empty"), "\r\n");
        ConfigReader config = new ConfigReader(Map.of("LUMEE_KEY_FILE", file.toString()));

        Secret standIn = config.secret("LUMEE_KEY_FILE");

        assertThat(standIn.bytes()).isEmpty();
        assertThat(config.errors()).containsExactly(
                "LUMEE_KEY_FILE: expected a file holding a non-empty secret, got \"" + file + "\" (empty)");
        assertThat(config.settings()).extracting(Setting::name).doesNotContain("LUMEE_KEY_FILE");
    }

    @Test
    void missingFilesAreNamedWithTheReason() {
        ConfigReader config = new ConfigReader(Map.of(
                "LUMEE_GONE_FILE", dir.resolve("gone").toString(), "LUMEE_DIR_FILE", dir.toString()));

        assertThat(config.optionalSecret("LUMEE_GONE_FILE")).isEmpty();
        assertThat(config.optionalReadableFile("LUMEE_DIR_FILE")).isEmpty();
        config.readableFile("LUMEE_REQUIRED_FILE");
        config.secret("LUMEE_REQUIRED_SECRET_FILE");

        assertThat(config.errors()).containsExactly(
                "LUMEE_GONE_FILE: expected a readable file, got \"" + dir.resolve("gone") + "\" (no such file)",
                "LUMEE_DIR_FILE: expected a readable file, got \"" + dir + "\" (not a regular file)",
                "LUMEE_REQUIRED_FILE: expected a readable file, got nothing (it is required)",
                "LUMEE_REQUIRED_SECRET_FILE: expected a file holding a non-empty secret, got nothing (it is required)");
    }

    @Test
    void variableReadTwiceIsReportedOnce() {
        ConfigReader config = new ConfigReader(Map.of("LUMEE_PORT", "x", "LUMEE_STORE_FILE", dir.resolve("gone").toString()));

        config.intValue("LUMEE_PORT", 1, 1, 2);
        config.intValue("LUMEE_PORT", 1, 1, 2);
        config.readableFile("LUMEE_STORE_FILE");
        config.readableFile("LUMEE_STORE_FILE");

        assertThat(config.errors()).hasSize(2);
    }

    @Test
    void prefixedVariablesAreReturnedWithSensitiveValuesMasked() {
        ConfigReader config = new ConfigReader(Map.of(
                "LUMEE_X_PROPERTY_LINGER_MS", "20", "LUMEE_X_PROPERTY_SSL_KEY_PASSWORD", "hunter2", "LUMEE_X_PROPERTY_EMPTY", ""));

        Map<String, String> prefixed = config.prefixed("LUMEE_X_PROPERTY_");

        assertThat(prefixed).containsExactly(
                Map.entry("LUMEE_X_PROPERTY_EMPTY", ""),
                Map.entry("LUMEE_X_PROPERTY_LINGER_MS", "20"),
                Map.entry("LUMEE_X_PROPERTY_SSL_KEY_PASSWORD", "hunter2"));
        assertThat(config.settings()).contains(new Setting("LUMEE_X_PROPERTY_SSL_KEY_PASSWORD", "****", false));
        assertThat(config.unreadNames()).isEmpty();
    }

    @Test
    void lumeeVariablesNothingReadAreListed() {
        ConfigReader config = new ConfigReader(Map.of("LUMEE_KAFKA_BOOTSTARP", "x:1", "LUMEE_PORT", "1", "HOME", "/root"));

        config.intValue("LUMEE_PORT", 1, 1, 2);

        assertThat(config.unreadNames()).containsExactly("LUMEE_KAFKA_BOOTSTARP");
    }

    @Test
    void badDefaultIsAProgrammingError() {
        ConfigReader config = new ConfigReader(Map.of());

        assertThatThrownBy(() -> config.duration("LUMEE_WAIT", "soon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.intValue("LUMEE_N", 0, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(config.errors()).isEmpty();
    }

    @Test
    void crossSettingRejectionUsesTheSameForm() {
        ConfigReader config = new ConfigReader(Map.of());

        config.reject("LUMEE_X", "a value when LUMEE_Y is set", "nothing");

        assertThat(config.errors()).containsExactly("LUMEE_X: expected a value when LUMEE_Y is set, got nothing");
        assertThatThrownBy(config::requireValid).hasMessage("LUMEE_X: expected a value when LUMEE_Y is set, got nothing");
    }

    @Test
    void hostPortRefusesMissingOrBadPorts() {
        assertThat(HostPort.parse("host")).isEmpty();
        assertThat(HostPort.parse(":9092")).isEmpty();
        assertThat(HostPort.parse("host:0")).isEmpty();
        assertThat(HostPort.parse("host:65536")).isEmpty();
        assertThat(HostPort.parse("::1:9092")).isEmpty();
        assertThat(HostPort.parse("[::1]:9092")).contains(new HostPort("::1", 9092));
        assertThat(new HostPort("::1", 9092)).hasToString("[::1]:9092");
    }

    @Test
    void secretsAreNeverEmpty() {
        assertThatThrownBy(() -> Secret.of(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(Secret.of(new byte[] {1}))).hasToString("[****]");
    }
}
