package io.lumee.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/archive-sink.md documents exactly the settings the sink reads, and the config refuses what it must. */
class ArchiveConfigDocTest {
    /** The first cell of a settings-table row. */
    private static final Pattern NAME = Pattern.compile("(?m)^\\| `(LUMEE_[A-Z0-9_]+)`");

    @Test
    void everySettingReadIsDocumentedAndEveryDocumentedSettingIsRead() throws Exception {
        ConfigReader config = new ConfigReader(Map.of("LUMEE_ARCHIVE_KMS_KEY_ARN", "arn:aws:kms:us-east-1:111122223333:key/k",
                "LUMEE_ARCHIVE_SSE_KMS_KEY_ID", "k"));

        ArchiveConfig archive = ArchiveConfig.from(config);

        assertThat(config.errors()).isEmpty();
        assertThat(archive.topics()).containsExactly("lumee.raw", "lumee.devices", "lumee.audit");
        Set<String> read = config.settings().stream().map(Setting::name).filter(name -> !name.startsWith("LUMEE_KAFKA_"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        Matcher matcher = NAME.matcher(Files.readString(Path.of("../docs/archive-sink.md")));
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }
        assertThat(documented).isEqualTo(read);
    }

    @Test
    void badValuesAreRefusedOneLineEach() {
        ConfigReader config = new ConfigReader(Map.of("LUMEE_ARCHIVE_RETENTION", "7 years", "LUMEE_ARCHIVE_BUCKET", "Not_A_Bucket",
                "LUMEE_ARCHIVE_S3_ENDPOINT", "ftp://store"));

        ArchiveConfig.from(config);

        assertThat(config.errors()).containsExactlyInAnyOrder(
                "LUMEE_ARCHIVE_RETENTION: expected a positive number of years or days, such as 7y or 30d, got \"7 years\"",
                "LUMEE_ARCHIVE_BUCKET: expected an S3 bucket name (3-63 of a-z, 0-9, '.', '-'), got \"Not_A_Bucket\"",
                "LUMEE_ARCHIVE_S3_ENDPOINT: expected an http:// or https:// URL, got \"ftp://store\"",
                "LUMEE_ARCHIVE_SSE_KMS_KEY_ID: expected the KMS key (id, ARN or alias) S3 encrypts every object with (SSE-KMS), got nothing (it is required)",
                "LUMEE_ARCHIVE_KMS_KEY_ARN: expected exactly one of it and LUMEE_ARCHIVE_RAW_KEY_FILE, got neither");
    }
}
