package io.lumee.fhirsink;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FhirSinkConfigTest {
    private static final Pattern OURS = Pattern.compile("LUMEE_FHIR_[A-Z0-9_]+");
    private static final Path DOC = Path.of("..", "docs", "fhir-sink.md");

    @TempDir
    Path dir;

    @Test
    void docsListExactlyTheVariablesTheConfigReads() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "secret");
        Set<String> read = new TreeSet<>();
        for (String auth : new String[] {"NONE", "BEARER", "CLIENT_CREDENTIALS"}) {
            Map<String, String> environment = new HashMap<>();
            environment.put("LUMEE_FHIR_VERSIONS", "R4,R5");
            environment.put("LUMEE_FHIR_AUTH", auth);
            for (String name : new String[] {"LUMEE_FHIR_BEARER_TOKEN_FILE", "LUMEE_FHIR_OAUTH_CLIENT_SECRET_FILE",
                    "LUMEE_FHIR_TLS_KEYSTORE_FILE", "LUMEE_FHIR_TLS_KEYSTORE_PASSWORD_FILE", "LUMEE_FHIR_TLS_TRUSTSTORE_FILE",
                    "LUMEE_FHIR_TLS_TRUSTSTORE_PASSWORD_FILE"}) {
                environment.put(name, file.toString());
            }
            ConfigReader config = new ConfigReader(environment);
            FhirSinkConfig.from(config);
            config.settings().stream().map(Setting::name).filter(name -> OURS.matcher(name).matches()).forEach(read::add);
        }

        Set<String> documented = new TreeSet<>();
        Matcher names = OURS.matcher(Files.readString(DOC));
        while (names.find()) {
            documented.add(names.group());
        }

        assertThat(documented).isEqualTo(read);
    }

    @Test
    void defaultsWorkForTheEmbeddedStack() {
        ConfigReader config = new ConfigReader(Map.of());
        FhirSinkConfig sink = FhirSinkConfig.from(config);
        config.requireValid();

        assertThat(sink.versions()).containsExactly(FhirVersion.R4);
        assertThat(sink.auth()).isEqualTo(new FhirSinkConfig.Auth.None());
        assertThat(sink.lanes()).isEqualTo(2);
        assertThat(sink.maxEntries()).isEqualTo(150);
        assertThat(sink.groupId(FhirVersion.R4)).isEqualTo("lumee-fhir-sink-r4");
    }

    @Test
    void badValuesAreRefusedOneLineEach() {
        ConfigReader config = new ConfigReader(Map.of("LUMEE_FHIR_VERSIONS", "R4,R6", "LUMEE_FHIR_AUTH", "BEARER",
                "LUMEE_FHIR_R4_BASE_URL", "ftp://fhir", "LUMEE_FHIR_RETRY_INITIAL_DELAY", "10s",
                "LUMEE_FHIR_RETRY_MAX_DELAY", "1s"));
        FhirSinkConfig.from(config);

        assertThat(config.errors()).containsExactlyInAnyOrder(
                "LUMEE_FHIR_VERSIONS: expected R4 and/or R5, got \"R6\"",
                "LUMEE_FHIR_R4_BASE_URL: expected an http:// or https:// URL, got \"ftp://fhir\"",
                "LUMEE_FHIR_BEARER_TOKEN_FILE: expected a readable file, got nothing (it is required)",
                "LUMEE_FHIR_RETRY_MAX_DELAY: expected at least LUMEE_FHIR_RETRY_INITIAL_DELAY, got \"PT1S\"");
    }
}
