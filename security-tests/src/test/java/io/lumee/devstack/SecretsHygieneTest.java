package io.lumee.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.cli.AdminCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Secrets stay in files: on the running devstack, no secret value is on a service JVM's command line
 * or in its environment (variables hold paths), none is in a service's log, and each service's
 * effective-config line masks them; in the repository, no tracked or untracked file holds a private key
 * or a password, the documented ES256 test key excepted; admin-cli writes key material 0600; and the
 * Kubernetes manifests mount every Secret readable by owner and group only.
 */
class SecretsHygieneTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    /** Variables whose file holds a secret (a path to a PKCS#12 store is not one; its password file is). */
    private static final Pattern SECRET_FILE = Pattern.compile("LUMEE_[A-Z0-9_]*(PASSWORD|SECRET|TOKEN|JAAS|KEY)_FILES?");
    /**
     * Deliberately committed key material, each with why: the device-protocol test vectors publish an
     * ES256 private key so implementers can check themselves ("a test key: never put it on a device").
     */
    private static final Map<String, String> ALLOWED = Map.of(
            "hYpRVxgykxdaR2V5dgXgbqgIL5UnKnFkr4EQC75LK-U", "device-protocol test vector es256.privateJwk (docs/device-protocol.md)");
    private static final Pattern PEM_PRIVATE_KEY = Pattern.compile("-{5}BEGIN [A-Z ]*PRIVATE KEY-{5}");
    private static final Pattern JWK_PRIVATE = Pattern.compile("\"(?:d|p|q|dp|dq|qi|k)\"\\s*:\\s*\"([A-Za-z0-9_-]{32,})\"");
    private static final Pattern TOKEN_FORMATS = Pattern.compile("AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{30,}|xox[bp]-[A-Za-z0-9-]{10,}|"
            + "sk_live_[A-Za-z0-9]{10,}");
    private static final Pattern CONFIG_LITERAL = Pattern.compile(
            "(?i)^[^#]*?\\b[a-z0-9_.-]*(password|passwd|secret|token)\\s*[:=]\\s*[\"']?([^\\s\"'#]{8,})");
    private static final Set<String> BINARY_KEY_STORES = Set.of(".p12", ".pfx", ".jks", ".keystore", ".key", ".pem");

    @Test
    void noSecretOnAServiceCommandLineOrInItsEnvironment() throws Exception {
        CanaryRun.get();
        List<ProcessHandle> services = serviceJvms();
        assertThat(services).as("one JVM per service").hasSize(Service.values().length);
        for (ProcessHandle service : services) {
            Map<String, String> environment = environment(service.pid());
            Map<String, String> secrets = secretsReadBy(environment);
            assertThat(secrets).as("the service reads secrets from files").isNotEmpty();
            String commandLine = Files.readString(Path.of("/proc", String.valueOf(service.pid()), "cmdline")).replace('\0', ' ');
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                assertThat(commandLine).as("command line of %d holds %s", service.pid(), secret.getKey()).doesNotContain(secret.getValue());
                environment.forEach((name, value) ->
                        assertThat(value).as("%s of pid %d holds %s", name, service.pid(), secret.getKey()).doesNotContain(secret.getValue()));
            }
        }
    }

    @Test
    void noSecretInAnyServiceLogAndTheEffectiveConfigMasksThem() throws Exception {
        CanaryRun run = CanaryRun.get();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (ProcessHandle service : serviceJvms()) {
            secrets.putAll(secretsReadBy(environment(service.pid())));
        }
        secrets.put("FHIR bearer token", run.stack.infrastructure.fhir.bearerToken());
        for (ServiceProcess service : run.stack.services()) {
            List<String> lines = Files.readAllLines(service.logFile());
            List<String> configLines = lines.stream().filter(line -> line.contains("effective config")).toList();
            assertThat(configLines).as(service.service().module() + " logs its effective config").isNotEmpty();
            assertThat(configLines.get(0)).contains("****");
            for (String line : lines) {
                secrets.forEach((name, value) -> assertThat(line).as("%s's log holds %s", service.service().module(), name).doesNotContain(value));
            }
        }
    }

    @Test
    void noFileInTheRepositoryHoldsAPrivateKeyOrAPassword() throws Exception {
        List<String> findings = new ArrayList<>();
        int scanned = 0;
        for (String name : gitFiles()) {
            Path file = REPOSITORY.resolve(name);
            if (!Files.isRegularFile(file) || Files.size(file) > 4_000_000) {
                continue;
            }
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (BINARY_KEY_STORES.stream().anyMatch(lower::endsWith)) {
                findings.add(name + ": a key store or key file");
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            if (isBinary(bytes)) {
                continue;
            }
            scanned++;
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (PEM_PRIVATE_KEY.matcher(text).find()) {
                findings.add(name + ": a PEM private key");
            }
            Matcher jwk = JWK_PRIVATE.matcher(text);
            while (jwk.find()) {
                if (!ALLOWED.containsKey(jwk.group(1))) {
                    findings.add(name + ": a private JWK member");
                }
            }
            if (TOKEN_FORMATS.matcher(text).find()) {
                findings.add(name + ": a cloud or service token");
            }
            if (!lower.endsWith(".java") && !lower.endsWith(".md")) {
                for (String line : text.split("\n")) {
                    Matcher literal = CONFIG_LITERAL.matcher(line);
                    if (literal.find() && !isReference(literal.group(2))) {
                        findings.add(name + ": a literal " + literal.group(1) + " (" + line.strip() + ")");
                    }
                }
            }
        }
        assertThat(scanned).as("files scanned").isGreaterThan(300);
        assertThat(findings).isEmpty();
    }

    @Test
    void keyMaterialAdminCliWritesIsOwnerOnly() throws Exception {
        CanaryRun run = CanaryRun.get();
        Path dir = run.stack.workspace.subdir("admin-cli-keys");
        Path caPassword = Files.writeString(dir.resolve("ca-password"), "ca-" + Workspace.random(8).length + "-secret\n");
        Path storePassword = Files.writeString(dir.resolve("store-password"), "store-secret\n");
        Map<String, String> environment = new HashMap<>(run.stack.kafkaEnvironment("lumee-admin"));
        environment.put("LUMEE_REGISTRY_URL", run.stack.infrastructure.registry.registryUrl());
        Path ca = dir.resolve("ca");
        admin(environment, "ca", "init", "--dir", ca.toString(), "--password-file", caPassword.toString(),
                "--truststore-password-file", storePassword.toString());
        admin(environment, "ca", "server-cert", "--ca-dir", ca.toString(), "--ca-password-file", caPassword.toString(),
                "--name", "edge.example.org", "--dns", "edge.example.org", "--out", dir.resolve("edge.p12").toString(),
                "--store-password-file", storePassword.toString());
        Path devices = dir.resolve("devices");
        for (String alg : List.of("ES256", "HS256")) {
            List<String> args = new ArrayList<>(List.of("device", "provision", "--id", "perm-" + alg.toLowerCase(java.util.Locale.ROOT),
                    "--facility", "ward-7", "--alg", alg, "--out", devices.toString(), "--store-password-file", storePassword.toString(),
                    "--ca-dir", ca.toString(), "--ca-password-file", caPassword.toString()));
            if (alg.equals("HS256")) {
                args.addAll(List.of("--master-secret-file", run.stack.masterSecretFile.toString(), "--master-version", "1"));
            }
            admin(environment, args.toArray(String[]::new));
        }

        List<Path> keyFiles = new ArrayList<>(List.of(ca.resolve("ca.p12"), dir.resolve("edge.p12")));
        try (Stream<Path> written = Files.list(devices)) {
            written.forEach(keyFiles::add);
        }
        assertThat(keyFiles).as("p12 stores and signing keys").anyMatch(p -> p.toString().endsWith(".es256.jwk"))
                .anyMatch(p -> p.toString().endsWith(".hs256.json")).hasSizeGreaterThanOrEqualTo(6);
        for (Path key : keyFiles) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as(key.toString()).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("ca.crt")))).isEqualTo("rw-r--r--");
    }

    /** Kubernetes mounts Secrets 0644 unless told otherwise: every secret volume must say owner and group only. */
    @Test
    void kubernetesMountsEverySecretForOwnerAndGroupOnly() throws Exception {
        Pattern secretVolume = Pattern.compile("secret:\\s*\\{[^}]*secretName:\\s*([A-Za-z0-9.-]+)[^}]*}");
        Pattern ownerAndGroup = Pattern.compile("defaultMode:\\s*0?4[04]0\\b");
        List<String> findings = new ArrayList<>();
        int volumes = 0;
        for (String name : gitFiles()) {
            if (!name.startsWith("k8s/") || !(name.endsWith(".yaml") || name.endsWith(".yml"))) {
                continue;
            }
            for (String line : Files.readAllLines(REPOSITORY.resolve(name))) {
                if (line.contains("secretName:")) {
                    Matcher volume = secretVolume.matcher(line);
                    volumes++;
                    if (!volume.find() || !ownerAndGroup.matcher(volume.group()).find()) {
                        findings.add(name + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(volumes).as("secret volumes in k8s/").isGreaterThan(10);
        assertThat(findings).as("secret volumes without defaultMode 0400 or 0440").isEmpty();
    }

    private static void admin(Map<String, String> environment, String... args) {
        StringWriter err = new StringWriter();
        int status = AdminCli.run(environment, new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        assertThat(status).as(String.join(" ", args) + ": " + err).isZero();
    }

    /** This JVM's children that run a Lumee service's Main. */
    private static List<ProcessHandle> serviceJvms() throws IOException {
        List<ProcessHandle> found = new ArrayList<>();
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            Path cmdline = Path.of("/proc", String.valueOf(child.pid()), "cmdline");
            if (!Files.isReadable(cmdline)) {
                continue;
            }
            String command = Files.readString(cmdline);
            for (Service service : Service.values()) {
                if (command.contains(service.mainClass())) {
                    found.add(child);
                }
            }
        }
        return found;
    }

    private static Map<String, String> environment(long pid) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : Files.readString(Path.of("/proc", String.valueOf(pid), "environ")).split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return environment;
    }

    /** The secrets a service reads: the contents of the files its secret variables name. */
    private static Map<String, String> secretsReadBy(Map<String, String> environment) throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            if (!SECRET_FILE.matcher(variable.getKey()).matches()) {
                continue;
            }
            for (String entry : variable.getValue().split(",")) {
                Path file = Path.of(entry.contains("=") ? entry.substring(entry.indexOf('=') + 1) : entry);
                if (Files.isRegularFile(file)) {
                    String value = Files.readString(file, StandardCharsets.ISO_8859_1).strip();
                    if (value.length() >= 6) {
                        secrets.put(variable.getKey() + " (" + file.getFileName() + ")", value);
                    }
                }
            }
        }
        return secrets;
    }

    private static List<String> gitFiles() throws Exception {
        Process git = new ProcessBuilder("git", "ls-files", "--cached", "--others", "--exclude-standard").directory(REPOSITORY.toFile())
                .redirectErrorStream(true).start();
        List<String> files = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(git.waitFor()).as("git ls-files").isZero();
        return files;
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** A value that points at a secret rather than being one: a path, a variable, a key name, a boolean. */
    private static boolean isReference(String value) {
        return value.contains("/") || value.contains("$") || value.contains("{") || value.contains("_FILE") || value.endsWith(".password")
                || value.equalsIgnoreCase("false") || value.equalsIgnoreCase("true") || value.contains("SecretKeyRef");
    }
}
