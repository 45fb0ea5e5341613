package io.lumee.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.Setting;
import io.lumee.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/stream-processor.md documents exactly the settings the processor reads. */
class ProcessorConfigDocTest {
    /** The first cell of a settings-table row. */
    private static final Pattern NAME = Pattern.compile("(?m)^\\| `(LUMEE_[A-Z0-9_]+)`");

    @Test
    void everySettingReadIsDocumentedAndEveryDocumentedSettingIsRead() throws Exception {
        Path dir = TempDirs.create("config-doc");
        Path master = Files.writeString(dir.resolve("master"), Base64.getEncoder().encodeToString(new byte[32]));
        Path key = Files.write(dir.resolve("key"), new byte[32]);
        ConfigReader config = new ConfigReader(Map.of("LUMEE_MASTER_SECRET_FILES", "1=" + master,
                "LUMEE_PATIENT_KEY_FILE", key.toString()));

        ProcessorConfig.from(config);

        assertThat(config.errors()).isEmpty();
        Set<String> read = config.settings().stream().map(Setting::name)
                .filter(name -> !name.startsWith("LUMEE_KAFKA_"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        Matcher matcher = NAME.matcher(Files.readString(Path.of("../docs/stream-processor.md")));
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }
        assertThat(documented).isEqualTo(read);
        TempDirs.deleteQuietly(dir);
    }
}
