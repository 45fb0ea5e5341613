package io.lumee.archive.verify;

import io.lumee.platform.config.ConfigReader;
import io.lumee.protocol.MasterSecret;
import io.lumee.protocol.MasterSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code LUMEE_MASTER_SECRET_FILES}: {@code <version>=<file>[,<version>=<file>]}, as the processor reads it;
 * for verification every version ever used, retired ones included.
 */
public final class MasterSecretFiles {
    public static final String VARIABLE = "LUMEE_MASTER_SECRET_FILES";

    private MasterSecretFiles() {}

    /** @param required whether at least one version must be given (HS256 readings cannot verify without) */
    public static MasterSecrets from(ConfigReader config, boolean required) {
        List<MasterSecret> secrets = new ArrayList<>();
        for (String entry : config.list(VARIABLE, "")) {
            String[] parts = entry.split("=", 2);
            try {
                Path file = Path.of(parts[1].trim());
                if (!Files.isReadable(file)) {
                    throw new IllegalArgumentException("unreadable");
                }
                secrets.add(MasterSecret.load(Integer.parseInt(parts[0].trim()), file));
            } catch (RuntimeException bad) {
                config.reject(VARIABLE, "<version>=<readable file holding the base64 of 32 bytes> with version >= 1", ConfigReader.quote(entry));
            }
        }
        if (required && secrets.isEmpty() && config.errors().stream().noneMatch(line -> line.startsWith(VARIABLE))) {
            config.reject(VARIABLE, "at least one <version>=<file> (HS256 readings cannot be verified without)", "nothing");
        }
        try {
            return MasterSecrets.of(secrets);
        } catch (IllegalArgumentException twice) {
            config.reject(VARIABLE, "each version once", ConfigReader.quote(String.join(",", config.list(VARIABLE, ""))));
            return MasterSecrets.of();
        }
    }
}
