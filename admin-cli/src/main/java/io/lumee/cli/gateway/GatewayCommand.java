package io.lumee.cli.gateway;

import io.lumee.cli.AdminCli;
import io.lumee.cli.ca.CaOptions;
import io.lumee.cli.ca.PrivateFiles;
import io.lumee.cli.ca.Validity;
import io.lumee.cli.device.CommandRun;
import io.lumee.cli.device.PipelineConnection;
import io.lumee.schemas.AuditAction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gateway}: device gateways (ward hubs, phone apps) that relay readings of the devices whose
 * registrations list them. A gateway has no registration of its own: its rights live in the devices'
 * {@code gatewayIds} (set with {@code device provision --gateway}).
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, description = "Device gateways that relay readings.",
        subcommands = {GatewayCommand.Provision.class})
public final class GatewayCommand {

    private static final Pattern GATEWAY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private GatewayCommand() {}

    @Command(name = "provision", mixinStandardHelpOptions = true,
            description = "Issue a gateway client certificate (urn:lumee:gateway:<id>) into <out>/<id>.p12 and audit it.")
    static final class Provision implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private CaOptions ca;

        @Option(names = "--id", required = true, description = "The gatewayId: 1-64 of [A-Za-z0-9._-].")
        private String gatewayId;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for <id>.p12 (0600, never overwritten).")
        private Path out;

        @Option(names = "--store-password-file", required = true, paramLabel = "FILE", description = "File holding the password for <id>.p12.")
        private Path storePasswordFile;

        @Option(names = "--validity", defaultValue = "397d", paramLabel = "DURATION", description = "Certificate lifetime (default: ${DEFAULT-VALUE}).")
        private String validity;

        @Override
        public Integer call() {
            return CommandRun.run(spec, () -> {
                if (!GATEWAY_ID.matcher(gatewayId).matches()) {
                    throw new IllegalArgumentException("--id must be 1-64 of [A-Za-z0-9._-]");
                }
                Duration lifetime = Validity.parse(validity);
                try (PipelineConnection pipeline = PipelineConnection.open(AdminCli.environment(spec))) {
                    Path file = ca.load().issueClient("gateway " + gatewayId, "urn:lumee:gateway:" + gatewayId, lifetime)
                            .writePkcs12(out.resolve(gatewayId + ".p12"), PrivateFiles.password(storePasswordFile));
                    pipeline.audit(AuditAction.GATEWAY_PROVISIONED, null, null, "gateway-provisioned",
                            "gateway " + gatewayId + " certificate issued, valid " + lifetime.toDays() + " days");
                    spec.commandLine().getOut().println("provisioned gateway " + gatewayId + ": " + file);
                    spec.commandLine().getOut().println("list it on its devices with device provision --gateway " + gatewayId);
                }
            });
        }
    }
}
