package io.lumee.cli.archive;

import io.lumee.cli.device.CommandRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code archive verify} and {@code archive export}: the compliance side of the archive-sink's bucket. */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = "Verify the write-once archive, or export one device's readings from it.",
        subcommands = {ArchiveVerifyCommand.class, ArchiveExportCommand.class})
public final class ArchiveCommand {
    /** Exit status when the archive itself has problems: a gap, an overlap, a damaged object, a forged reading. */
    public static final int EXIT_ARCHIVE_PROBLEMS = 3;

    /** A command body that ends with its own status: 0, or {@link #EXIT_ARCHIVE_PROBLEMS}. */
    @FunctionalInterface
    interface Verdict {
        int run() throws Exception;
    }

    /** Runs the body as {@link CommandRun} does (refusals and failures as exit 2 and 1), keeping its verdict. */
    static int run(CommandSpec spec, Verdict body) {
        int[] verdict = {0};
        int status = CommandRun.run(spec, () -> verdict[0] = body.run());
        return status != 0 ? status : verdict[0];
    }
}
