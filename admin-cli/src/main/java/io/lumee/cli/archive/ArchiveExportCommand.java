package io.lumee.cli.archive;

import io.lumee.archive.read.ArchiveAccess;
import io.lumee.archive.read.ArchiveObjectException;
import io.lumee.cli.AdminCli;
import io.lumee.platform.config.ConfigReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes one device's readings as NDJSON for an audit, to {@code --out} or standard output: the export is the
 * one place reading values leave the archive, and they go where the operator says. The count goes to
 * standard error.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write one device's archived readings received in [--from, --to) as NDJSON. Exit 3 if an object is damaged.")
final class ArchiveExportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--device", required = true, description = "The deviceId.")
    private String deviceId;

    @Option(names = "--from", required = true, description = "Received at or after, RFC 3339 (2026-01-01T00:00:00Z).")
    private Instant from;

    @Option(names = "--to", required = true, description = "Received before, RFC 3339.")
    private Instant to;

    @Option(names = "--out", description = "The NDJSON file to write (default: standard output); it must not exist.")
    private Path file;

    @Override
    public Integer call() {
        return ArchiveCommand.run(spec, () -> {
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("--to must be after --from");
            }
            ConfigReader config = new ConfigReader(AdminCli.environment(spec));
            ArchiveAccess access = ArchiveAccess.from(config);
            config.requireValid();
            try (ArchiveAccess.Connection connection = access.connect();
                 Writer out = file == null ? new NonClosingWriter(spec.commandLine().getOut())
                         : new OutputStreamWriter(Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE_NEW), StandardCharsets.UTF_8)) {
                long written = new ReadingExport(connection.reader()).write(deviceId, from, to, out);
                spec.commandLine().getErr().println("archive export: " + written + " readings of " + deviceId);
                return 0;
            } catch (ArchiveObjectException damaged) {
                spec.commandLine().getErr().println("archive export: " + damaged.getMessage());
                return ArchiveCommand.EXIT_ARCHIVE_PROBLEMS;
            }
        });
    }

    /** Standard output belongs to the CLI: the export writes to it but does not close it. */
    private static final class NonClosingWriter extends java.io.FilterWriter {
        NonClosingWriter(Writer out) {
            super(out);
        }

        @Override
        public void close() throws java.io.IOException {
            flush();
        }
    }
}
