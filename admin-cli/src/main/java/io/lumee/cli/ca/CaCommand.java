package io.lumee.cli.ca;

import io.lumee.cli.device.CommandRun;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ca}: the certificate authority devices, gateways and the edge-gateway's trust store rest on. It
 * works offline (a CA key belongs on a machine that is not the cluster), so it writes no audit record:
 * the certificates it issues are audited by the commands that register them.
 */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "The Lumee certificate authority.",
        subcommands = {CaCommand.Init.class, CaCommand.ServerCertificate.class})
public final class CaCommand {

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create a CA: ca.p12 (its key, 0600), ca.crt and truststore.p12 (for LUMEE_GATEWAY_TLS_TRUSTSTORE_FILE).")
    static final class Init implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Folder to create the CA in (created 0700 if absent).")
        private Path dir;

        @Option(names = "--name", defaultValue = "Lumee Device CA", description = "The CA's common name (default: ${DEFAULT-VALUE}).")
        private String name;

        @Option(names = "--password-file", required = true, paramLabel = "FILE", description = "File holding the password for ca.p12.")
        private Path passwordFile;

        @Option(names = "--truststore-password-file", required = true, paramLabel = "FILE",
                description = "File holding the password for truststore.p12 (given to the gateway; not the CA's).")
        private Path trustStorePasswordFile;

        @Option(names = "--validity", defaultValue = "3650d", paramLabel = "DURATION", description = "Lifetime (default: ${DEFAULT-VALUE}).")
        private String validity;

        @Override
        public Integer call() {
            return CommandRun.run(spec, () -> {
                CertificateAuthority ca = CertificateAuthority.init(dir, name, Validity.parse(validity), PrivateFiles.password(passwordFile),
                        PrivateFiles.password(trustStorePasswordFile));
                spec.commandLine().getOut().println("created CA " + ca.certificate().getSubjectX500Principal().getName() + " in " + dir
                        + " (valid until " + ca.certificate().getNotAfter().toInstant() + ")");
            });
        }
    }

    @Command(name = "server-cert", mixinStandardHelpOptions = true,
            description = "Issue a TLS server certificate (e.g. the edge-gateway's) into a new PKCS#12.")
    static final class ServerCertificate implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private CaOptions ca;

        @Option(names = "--name", required = true, description = "Common name, usually the main DNS name.")
        private String name;

        @Option(names = "--dns", paramLabel = "NAME", description = "A DNS name the certificate is valid for (repeatable).")
        private List<String> dnsNames = List.of();

        @Option(names = "--ip", paramLabel = "ADDRESS", description = "An IP address the certificate is valid for (repeatable).")
        private List<String> ipAddresses = List.of();

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The PKCS#12 to write (0600; never overwritten).")
        private Path out;

        @Option(names = "--store-password-file", required = true, paramLabel = "FILE", description = "File holding the password for --out.")
        private Path storePasswordFile;

        @Option(names = "--validity", defaultValue = "397d", paramLabel = "DURATION", description = "Lifetime (default: ${DEFAULT-VALUE}).")
        private String validity;

        @Override
        public Integer call() {
            return CommandRun.run(spec, () -> {
                if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
                    throw new IllegalArgumentException("give at least one --dns or --ip: clients check the server's name");
                }
                ca.load().issueServer(name, dnsNames, ipAddresses, Validity.parse(validity)).writePkcs12(out, PrivateFiles.password(storePasswordFile));
                spec.commandLine().getOut().println("issued server certificate " + name + " into " + out);
            });
        }
    }
}
