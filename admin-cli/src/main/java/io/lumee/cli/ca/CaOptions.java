package io.lumee.cli.ca;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import picocli.CommandLine.Option;

/** Where the CA lives and the file holding its password; a mixin for every command that issues certificates. */
public final class CaOptions {

    @Option(names = "--ca-dir", required = true, paramLabel = "DIR", description = "The folder ca init wrote.")
    private Path dir;

    @Option(names = "--ca-password-file", required = true, paramLabel = "FILE", description = "File holding the CA key store's password.")
    private Path passwordFile;

    public CertificateAuthority load() throws IOException, GeneralSecurityException {
        return CertificateAuthority.load(dir, PrivateFiles.password(passwordFile));
    }
}
