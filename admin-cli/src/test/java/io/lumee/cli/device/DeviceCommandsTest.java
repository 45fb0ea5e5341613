package io.lumee.cli.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import io.lumee.platform.config.Secret;
import io.lumee.platform.patient.PatientKey;
import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.JwsVerifier;
import io.lumee.protocol.MasterSecret;
import io.lumee.protocol.MasterSecrets;
import io.lumee.protocol.Reading;
import io.lumee.protocol.RegisteredKey;
import io.lumee.protocol.VerifiedJws;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.SigningAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The device commands against the shared broker and registry, with a CA made by {@code ca init}. */
class DeviceCommandsTest {

    private static final String MRN = "MRN-0012345";
    private static final String SYSTEM = "urn:oid:2.16.840.1.113883.19.5";
    private static Operator operator;
    private static PatientKey patientKey;

    @BeforeAll
    static void start() throws Exception {
        operator = Operator.shared();
        patientKey = new PatientKey(Secret.readFrom(Path.of(operator.environment().get("LUMEE_PATIENT_KEY_FILE"))));
    }

    @Test
    void provisionEs256WithThePatientFromStandardInput() throws Exception {
        String deviceId = newId();
        InputStream stdin = System.in;
        Operator.Run run;
        try {
            System.setIn(new ByteArrayInputStream(("system=" + SYSTEM + "\nvalue=" + MRN + "\nconsent=Consent/77\n").getBytes(StandardCharsets.UTF_8)));
            run = provision(deviceId, "ES256", "--gateway", "ward-7-hub", "--patient-file", "-");
        } finally {
            System.setIn(stdin);
        }

        assertThat(run.status()).as(run.err()).isZero();
        DeviceRegistration registration = registration(deviceId);
        assertThat(registration.getStatus()).isEqualTo(DeviceStatus.ACTIVE);
        assertThat(registration.getAlg()).isEqualTo(SigningAlgorithm.ES256);
        assertThat(registration.getGatewayIds()).containsExactly("ward-7-hub");
        assertThat(registration.getAssignments()).singleElement().satisfies(a -> {
            assertThat(a.getPatientValue()).isEqualTo(MRN);
            assertThat(a.getConsentRef()).isEqualTo("Consent/77");
            assertThat(a.getTo()).isNull();
        });
        assertThat(registration.getPublicKeyJwk()).doesNotContain("\"d\"");

        Path jwkFile = operator.dir().resolve("devices").resolve(deviceId + ".es256.jwk");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jwkFile))).isEqualTo("rw-------");
        String jws = JwsSigner.es256(ECKey.parse(Files.readString(jwkFile))).sign(reading(deviceId));
        assertThat(new JwsVerifier(MasterSecrets.of()).verify(jws, RegisteredKey.of(deviceId, "ES256", registration.getPublicKeyJwk())))
                .isInstanceOf(VerifiedJws.class);

        X509Certificate certificate = deviceCertificate(deviceId);
        assertThat(certificate.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1)).containsExactly("urn:lumee:device:" + deviceId);

        List<AuditRecord> audit = audit(deviceId);
        assertThat(audit).extracting(AuditRecord::getAction).containsExactly(AuditAction.DEVICE_REGISTERED, AuditAction.PATIENT_ASSIGNED);
        assertThat(audit).allSatisfy(record -> {
            assertThat(record.getSubjectKey()).isEqualTo(patientKey.of(SYSTEM, MRN));
            assertThat(record.toString()).doesNotContain(MRN);
        });
        assertThat(run.out()).doesNotContain(MRN);
    }

    @Test
    void provisionHs256WritesTheDerivedKeyForFlashingAndStoresNone() throws Exception {
        String deviceId = newId();
        MasterSecret master = MasterSecret.of(3, new byte[32]);
        Path masterFile = operator.write("master-3", Base64.getEncoder().encodeToString(new byte[32]) + "\n");

        Operator.Run run = provision(deviceId, "HS256", "--master-secret-file", masterFile.toString(), "--master-version", "3");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(registration(deviceId).getPublicKeyJwk()).isNull();
        String keyFile = Files.readString(operator.dir().resolve("devices").resolve(deviceId + ".hs256.json"));
        assertThat(keyFile).contains("\"kid\":\"hkdf:3\"")
                .contains("\"key\":\"" + Base64.getEncoder().encodeToString(master.deviceKey(deviceId)) + "\"");
        assertThat(audit(deviceId)).extracting(AuditRecord::getAction).containsExactly(AuditAction.DEVICE_REGISTERED);
    }

    @Test
    void aDeviceIsProvisionedOnce() throws Exception {
        String deviceId = newId();
        assertThat(provision(deviceId, "ES256").status()).isZero();

        Operator.Run again = provision(deviceId, "ES256");

        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err()).contains("already registered");
    }

    @Test
    void assignAppendsToTheHistoryClosingTheOpenAssignment() throws Exception {
        String deviceId = newId();
        Path first = operator.write(deviceId + "-first", "system=" + SYSTEM + "\nvalue=" + MRN + "\n");
        Path second = operator.write(deviceId + "-second", "system=" + SYSTEM + "\nvalue=MRN-999\nconsent=Consent/1\n");
        assertThat(provision(deviceId, "ES256", "--patient-file", first.toString()).status()).isZero();
        Instant from = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);

        Operator.Run run = operator.run("device", "assign", "--id", deviceId, "--patient-file", second.toString(), "--from", from.toString());

        assertThat(run.status()).as(run.err()).isZero();
        DeviceRegistration registration = registration(deviceId);
        assertThat(registration.getAssignments()).hasSize(2);
        assertThat(registration.getAssignments().get(0).getTo()).isEqualTo(from);
        assertThat(registration.getAssignments().get(1).getFrom()).isEqualTo(from);
        assertThat(registration.getAssignments().get(1).getTo()).isNull();
        List<AuditRecord> audit = audit(deviceId);
        assertThat(audit).extracting(AuditRecord::getAction).endsWith(AuditAction.PATIENT_UNASSIGNED, AuditAction.PATIENT_ASSIGNED);
        assertThat(audit.get(audit.size() - 2).getSubjectKey()).isEqualTo(patientKey.of(SYSTEM, MRN));
        assertThat(audit.get(audit.size() - 1).getSubjectKey()).isEqualTo(patientKey.of(SYSTEM, "MRN-999"));

        Operator.Run backwards = operator.run("device", "assign", "--id", deviceId, "--patient-file", first.toString(),
                "--from", from.minus(1, ChronoUnit.DAYS).toString());
        assertThat(backwards.status()).isEqualTo(2);
        assertThat(backwards.err()).contains("append-only");
    }

    @Test
    void revokeAndRetireChangeTheStatusAndAreAudited() throws Exception {
        String revoked = newId();
        String retired = newId();
        provision(revoked, "ES256");
        provision(retired, "ES256");

        assertThat(operator.run("device", "revoke", "--id", revoked, "--reason", "key leaked").status()).isZero();
        assertThat(operator.run("device", "retire", "--id", retired).status()).isZero();

        assertThat(registration(revoked).getStatus()).isEqualTo(DeviceStatus.REVOKED);
        assertThat(registration(retired).getStatus()).isEqualTo(DeviceStatus.RETIRED);
        assertThat(audit(revoked)).extracting(AuditRecord::getAction).endsWith(AuditAction.DEVICE_REVOKED);
        assertThat(audit(retired)).extracting(AuditRecord::getAction).endsWith(AuditAction.DEVICE_RETIRED);
        Operator.Run assign = operator.run("device", "assign", "--id", revoked, "--patient-file",
                operator.write(revoked + "-p", "system=" + SYSTEM + "\nvalue=" + MRN + "\n").toString());
        assertThat(assign.status()).isEqualTo(2);
        assertThat(assign.err()).contains("REVOKED");
    }

    @Test
    void listShowsDevicesAndWhetherAssignedNeverWho() throws Exception {
        String deviceId = newId();
        provision(deviceId, "ES256", "--patient-file", operator.write(deviceId + "-p", "system=" + SYSTEM + "\nvalue=" + MRN + "\n").toString());

        Operator.Run run = operator.run("device", "list", "--facility", "ward-7");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains(deviceId).doesNotContain(MRN);
        assertThat(run.out().lines().filter(line -> line.startsWith(deviceId))).singleElement().asString().contains("ACTIVE").contains("yes");
    }

    @Test
    void thePatientIdentifierCannotBeGivenAsAnArgument() throws Exception {
        Operator.Run run = operator.run("device", "assign", "--id", "x", "--patient", MRN);

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--patient-file=FILE|-").doesNotContain(MRN);
    }

    private static Operator.Run provision(String deviceId, String alg, String... extra) {
        List<String> args = new ArrayList<>(List.of("device", "provision", "--id", deviceId, "--facility", "ward-7", "--alg", alg,
                "--out", operator.dir().resolve("devices").toString(), "--store-password-file", operator.storePassword().toString()));
        args.addAll(operator.caFlags());
        args.addAll(List.of(extra));
        return operator.run(args.toArray(String[]::new));
    }

    private static DeviceRegistration registration(String deviceId) {
        List<ConsumerRecord<String, DeviceRegistration>> versions = operator.records(operator.topics().devices(), r -> deviceId.equals(r.key()));
        assertThat(versions).isNotEmpty();
        return versions.get(versions.size() - 1).value();
    }

    private static List<AuditRecord> audit(String deviceId) {
        return operator.records(operator.topics().audit(), r -> deviceId.equals(r.key())).stream().map(ConsumerRecord::value).toList();
    }

    private static X509Certificate deviceCertificate(String deviceId) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(operator.dir().resolve("devices").resolve(deviceId + ".p12"))) {
            store.load(in, "store-secret".toCharArray());
        }
        X509Certificate leaf = (X509Certificate) store.getCertificate("lumee");
        X509Certificate root = (X509Certificate) store.getCertificateChain("lumee")[1];
        PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        pkix.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), pkix);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        return leaf;
    }

    private static Reading reading(String deviceId) {
        return new Reading(deviceId, 1, 0, Instant.now().truncatedTo(ChronoUnit.MILLIS), 40.0, "%", 0.9, "1.0", "fw");
    }

    private static String newId() {
        return "dev-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
