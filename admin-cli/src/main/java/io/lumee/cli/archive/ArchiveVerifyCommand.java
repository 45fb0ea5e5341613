package io.lumee.cli.archive;

import io.lumee.archive.read.ArchiveAccess;
import io.lumee.archive.verify.ArchiveVerifier;
import io.lumee.archive.verify.MasterSecretFiles;
import io.lumee.archive.verify.VerifyReport;
import io.lumee.archive.verify.VerifyScope;
import io.lumee.cli.AdminCli;
import io.lumee.platform.config.ConfigReader;
import io.lumee.protocol.MasterSecrets;
import io.lumee.schemas.topics.TopicTable;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Lists, decrypts and checks every object in scope, checks that ranges abut, and re-verifies every reading's
 * JWS; prints one summary line per partition, one line per problem on standard error, and the verdict.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check the archive: every object decrypts and matches its digest, ranges abut, every reading's signature verifies. "
                + "Exit 0 clean, 3 problems found.")
final class ArchiveVerifyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--topic", description = "Only this topic (default: every topic in the bucket).")
    private String topic;

    @Option(names = "--partition", description = "Only this partition of --topic.")
    private Integer partition;

    @Option(names = "--from", description = "First offset to check; every offset from here must be archived.")
    private Long from;

    @Option(names = "--to", description = "Offset to stop before; every offset below it must be archived.")
    private Long to;

    @Override
    public Integer call() {
        return ArchiveCommand.run(spec, () -> {
            VerifyScope scope = new VerifyScope(Optional.ofNullable(topic), partition == null ? OptionalInt.empty() : OptionalInt.of(partition),
                    from == null ? OptionalLong.empty() : OptionalLong.of(from), to == null ? OptionalLong.empty() : OptionalLong.of(to));
            ConfigReader config = new ConfigReader(AdminCli.environment(spec));
            ArchiveAccess access = ArchiveAccess.from(config);
            MasterSecrets secrets = MasterSecretFiles.from(config, scope.topic().map(TopicTable.RAW.name()::equals).orElse(true));
            config.requireValid();
            VerifyReport report;
            try (ArchiveAccess.Connection connection = access.connect()) {
                report = new ArchiveVerifier(connection.reader(), secrets).verify(scope);
            }
            PrintWriter out = spec.commandLine().getOut();
            report.summary().forEach(out::println);
            report.problems().forEach(spec.commandLine().getErr()::println);
            out.println("archive verify: " + report.verdict());
            return report.clean() ? 0 : ArchiveCommand.EXIT_ARCHIVE_PROBLEMS;
        });
    }
}
