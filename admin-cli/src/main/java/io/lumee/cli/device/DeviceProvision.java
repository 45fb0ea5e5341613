package io.lumee.cli.device;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.lumee.cli.AdminCli;
import io.lumee.cli.ca.CaOptions;
import io.lumee.cli.ca.CertificateAuthority;
import io.lumee.cli.ca.PrivateFiles;
import io.lumee.cli.ca.Validity;
import io.lumee.protocol.MasterSecret;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.PatientAssignment;
import io.lumee.schemas.SigningAlgorithm;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code device provision}: a device's certificate and signing key, and its registration on
 * {@code lumee.devices}. Writes into {@code --out}, each file 0600 and never overwritten:
 * <ul>
 *   <li>{@code <id>.p12}: the TLS client key and certificate ({@code urn:lumee:device:<id>}) with the CA;</li>
 *   <li>ES256: {@code <id>.es256.jwk}, the private signing JWK (kid = its RFC 7638 thumbprint); the
 *       public half goes into the registration;</li>
 *   <li>HS256: {@code <id>.hs256.json}, {@code {"deviceId","kid":"hkdf:<v>","key":<base64>}}, the key
 *       derived from master secret version v, for the factory to flash; the pipeline stores nothing
 *       per device and derives the key again when verifying. Delete the file once flashed.</li>
 * </ul>
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Issue a device certificate and signing key and publish its registration (status ACTIVE).")
public final class DeviceProvision implements Callable<Integer> {

    static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Spec
    private CommandSpec spec;

    @Mixin
    private CaOptions ca;

    @Option(names = "--id", required = true, description = "The deviceId: 1-64 of [A-Za-z0-9._-].")
    private String deviceId;

    @Option(names = "--facility", required = true, description = "Facility the device belongs to.")
    private String facility;

    @Option(names = "--gateway", paramLabel = "GATEWAY_ID", description = "A gateway allowed to relay its readings (repeatable).")
    private List<String> gateways = List.of();

    @Option(names = "--alg", defaultValue = "ES256", description = "HS256 or ES256 (default: ${DEFAULT-VALUE}).")
    private SigningAlgorithm alg;

    @Option(names = "--udi", description = "The UDI carrier, when known.")
    private String udi;

    @Option(names = "--patient-file", paramLabel = "FILE|-",
            description = "Assign a patient at once: properties system=, value=, consent= from a file, or - for standard input.")
    private String patientFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the device's key files.")
    private Path out;

    @Option(names = "--store-password-file", required = true, paramLabel = "FILE", description = "File holding the password for <id>.p12.")
    private Path storePasswordFile;

    @Option(names = "--master-secret-file", paramLabel = "FILE", description = "HS256: the master secret (base64) to derive the key from.")
    private Path masterSecretFile;

    @Option(names = "--master-version", paramLabel = "V", description = "HS256: that master secret's version.")
    private Integer masterVersion;

    @Option(names = "--validity", defaultValue = "730d", paramLabel = "DURATION", description = "Certificate lifetime (default: ${DEFAULT-VALUE}).")
    private String validity;

    @Override
    public Integer call() {
        return CommandRun.run(spec, this::provision);
    }

    private void provision() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("--id must be 1-64 of [A-Za-z0-9._-]");
        }
        if (alg != SigningAlgorithm.ES256 && alg != SigningAlgorithm.HS256) {
            throw new IllegalArgumentException("--alg must be HS256 or ES256");
        }
        if (alg == SigningAlgorithm.HS256 && (masterSecretFile == null || masterVersion == null)) {
            throw new IllegalArgumentException("HS256 needs --master-secret-file and --master-version to derive the device key");
        }
        Duration lifetime = Validity.parse(validity);
        Patient patient = patientFile == null ? null : Patient.read(patientFile, System.in);
        CertificateAuthority authority = ca.load();
        try (PipelineConnection pipeline = PipelineConnection.open(AdminCli.environment(spec))) {
            String subjectKey = patient == null ? null : pipeline.patientKey().of(patient.system(), patient.value());
            if (pipeline.registration(deviceId).isPresent()) {
                throw new IllegalStateException("device " + deviceId + " is already registered; a deviceId is provisioned once");
            }
            Path certificate = authority.issueClient("device " + deviceId, "urn:lumee:device:" + deviceId, lifetime)
                    .writePkcs12(out.resolve(deviceId + ".p12"), PrivateFiles.password(storePasswordFile));
            String publicJwk = null;
            Path signingKey;
            if (alg == SigningAlgorithm.ES256) {
                ECKey jwk = es256Key();
                publicJwk = jwk.toPublicJWK().toJSONString();
                signingKey = PrivateFiles.write(out.resolve(deviceId + ".es256.jwk"), jwk.toJSONString().getBytes(StandardCharsets.UTF_8));
            } else {
                signingKey = PrivateFiles.write(out.resolve(deviceId + ".hs256.json"), hs256Key());
            }
            Instant now = Instant.now();
            List<PatientAssignment> assignments = patient == null ? List.of()
                    : AssignmentHistory.assign(List.of(), patient, now).history();
            pipeline.publish(DeviceRegistration.newBuilder()
                    .setDeviceId(deviceId).setStatus(DeviceStatus.ACTIVE).setAlg(alg).setPublicKeyJwk(publicJwk)
                    .setGatewayIds(gateways).setFacility(facility).setUdi(udi).setAssignments(assignments).setUpdatedAt(now)
                    .build());
            pipeline.audit(AuditAction.DEVICE_REGISTERED, deviceId, subjectKey, null,
                    "provisioned " + alg + " device at facility " + facility + (gateways.isEmpty() ? "" : " via " + gateways));
            if (patient != null) {
                pipeline.audit(AuditAction.PATIENT_ASSIGNED, deviceId, subjectKey, null,
                        "assigned at provisioning" + (patient.consentRef() == null ? ", no consent recorded" : ", consent recorded"));
            }
            stdout.println("provisioned " + deviceId + " (" + alg + ", ACTIVE) at " + facility);
            stdout.println("certificate and TLS key: " + certificate);
            stdout.println("signing key: " + signingKey + (alg == SigningAlgorithm.HS256 ? " (flash it, then delete it)" : ""));
        }
    }

    private static ECKey es256Key() throws JOSEException {
        return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).keyIDFromThumbprint(true).generate();
    }

    private byte[] hs256Key() throws IOException {
        MasterSecret master = MasterSecret.load(masterVersion, masterSecretFile);
        String json = "{\"deviceId\":\"" + deviceId + "\",\"kid\":\"" + master.kid() + "\",\"key\":\""
                + Base64.getEncoder().encodeToString(master.deviceKey(deviceId)) + "\"}\n";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
