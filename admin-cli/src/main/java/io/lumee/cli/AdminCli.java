package io.lumee.cli;

import io.lumee.cli.archive.ArchiveCommand;
import io.lumee.cli.ca.CaCommand;
import io.lumee.cli.device.DeviceCommand;
import io.lumee.cli.dlq.DlqCommand;
import io.lumee.cli.gateway.GatewayCommand;
import io.lumee.cli.patient.PatientCommand;
import io.lumee.cli.topics.TopicsCommand;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The operator's command line: {@code lumee-admin <command> ...}. */
@Command(name = "lumee-admin", mixinStandardHelpOptions = true, versionProvider = AdminCli.Version.class,
        description = "Operator commands for the Lumee pipeline.",
        subcommands = {TopicsCommand.class, CaCommand.class, DeviceCommand.class, GatewayCommand.class, DlqCommand.class,
                PatientCommand.class, ArchiveCommand.class})
public final class AdminCli {
    /** Exit status when the command refuses what it was asked (a bad flag, an unsafe change). */
    public static final int EXIT_REFUSED = 2;
    /** Exit status when a system it talks to failed (Kafka unreachable, a request refused). */
    public static final int EXIT_FAILED = 1;

    private final Map<String, String> environment;

    private AdminCli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command with the given environment (the {@code LUMEE_*} settings) and output streams. */
    public static int run(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new AdminCli(environment)).setOut(out).setErr(err).execute(args);
    }

    /** The environment subcommands read their settings from. */
    public static Map<String, String> environment(CommandLine.Model.CommandSpec command) {
        return ((AdminCli) command.root().userObject()).environment;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AdminCli.class.getPackage().getImplementationVersion();
            return new String[] {"lumee-admin " + (version == null ? "(development build)" : version)};
        }
    }
}
