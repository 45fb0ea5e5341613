package io.lumee.bench.load;

import io.lumee.cli.AdminCli;
import io.lumee.platform.config.Secret;
import io.lumee.platform.patient.PatientKey;
import io.lumee.protocol.MasterSecret;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.Topics;
import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.fhir.FhirServer;
import io.lumee.testkit.fhir.FhirVersion;
import io.lumee.testkit.kafka.KafkaBroker;
import io.lumee.testkit.kms.KmsStandIn;
import io.lumee.testkit.mllp.MllpServer;
import io.lumee.testkit.registry.ApicurioRegistry;
import io.lumee.testkit.s3.S3MockServer;
import io.lumee.testkit.tls.CertificateSpec;
import io.lumee.testkit.tls.IssuedCertificate;
import io.lumee.testkit.tls.TestCa;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The components and settings every row runs against, as the devstack deploys them: a Kafka broker whose
 * services talk mutual TLS, Apicurio Registry, a HAPI FHIR JPA server (R4, bearer token over mutual TLS),
 * an MLLP EHR peer (mutual TLS), S3Mock with a write-once bucket, a KMS stand-in. Services start from the
 * runnable jars the Dockerfiles ship, one JVM each, with the devstack's heaps; a row starts only the
 * services it measures, so nothing else competes for the two cores.
 */
final class BenchStack implements AutoCloseable {
    static final String FACILITY = "devstack-ward";
    private static final SecureRandom RANDOM = new SecureRandom();

    final Path repository;
    final Path dir = TempDirs.create("bench");
    final TestCa ca = TestCa.create("Lumee bench CA");
    final KafkaBroker kafka;
    final ApicurioRegistry registry;
    final FhirServer fhir;
    final MllpServer ehr;
    final S3MockServer s3;
    final KmsStandIn kms;
    final Topics topics;
    final MasterSecret master;
    final Path masterSecretFile;
    final PatientKey patientKey;
    private final Path patientKeyFile;
    private final char[] storePassword = HexFormat.of().formatHex(random(12)).toCharArray();
    private final Path storePasswordFile;
    private final Path trustStore;
    private final String kmsKeyArn;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private BenchStack(Path repository) {
        this.repository = repository;
        CompletableFuture<ApicurioRegistry> registryStart = CompletableFuture.supplyAsync(ApicurioRegistry::start);
        CompletableFuture<FhirServer> fhirStart = CompletableFuture.supplyAsync(() -> FhirServer.start(FhirVersion.R4, ca));
        CompletableFuture<S3MockServer> s3Start = CompletableFuture.supplyAsync(S3MockServer::start);
        kafka = track(KafkaBroker.startWithTls(ca));
        ehr = track(MllpServer.startMutualTls(ca));
        kms = track(KmsStandIn.start());
        registry = track(registryStart.join());
        fhir = track(fhirStart.join());
        s3 = track(s3Start.join());
        topics = Topics.create(RegistrySettings.of(registry.registryUrl(), true));
        storePasswordFile = write("store-password", new String(storePassword));
        trustStore = ca.writeTrustStore(dir.resolve("truststore.p12"), storePassword);
        masterSecretFile = write("master-secret-v1", Base64.getEncoder().encodeToString(random(MasterSecret.LENGTH)));
        master = MasterSecret.load(1, masterSecretFile);
        byte[] patientKeyBytes = random(32);
        patientKeyFile = write("patient-key", Base64.getEncoder().encodeToString(patientKeyBytes));
        try {
            patientKey = new PatientKey(Secret.readFrom(patientKeyFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        admin("topics", "apply");
        kmsKeyArn = prepareKms();
        createBucket("lumee-archive");
    }

    static BenchStack start(Path repository) {
        return new BenchStack(repository);
    }

    /** The LUMEE_KAFKA_* settings of a service connecting over mutual TLS as {@code client}. */
    Map<String, String> kafkaEnvironment(String client) {
        return kafka.tlsServiceEnvironment(ca.issue(CertificateSpec.client(client)));
    }

    /** Client properties for the bench's own Kafka clients: the plaintext listener, as the baselines were taken. */
    Map<String, Object> plainClient() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }

    Map<String, String> processor(String applicationId, String outputs) {
        Map<String, String> env = base("stream-processor-" + applicationId);
        env.put("LUMEE_MASTER_SECRET_FILES", "1=" + masterSecretFile);
        env.put("LUMEE_PATIENT_KEY_FILE", patientKeyFile.toString());
        env.put("LUMEE_PROCESSOR_STATE_DIR", subdir("state-" + applicationId).toString());
        env.put("LUMEE_PROCESSOR_APPLICATION_ID", applicationId);
        env.put("LUMEE_OUTPUTS", outputs);
        env.put("LUMEE_ORPHAN_HOLD", "10m");
        return env;
    }

    Map<String, String> gateway(int port, int deviceRate) {
        Map<String, String> env = base("edge-gateway");
        env.put("LUMEE_GATEWAY_HOST", LoopbackPorts.HOST);
        env.put("LUMEE_GATEWAY_PORT", String.valueOf(port));
        tls(env, "LUMEE_GATEWAY_TLS_", "gateway-server", ca.issueServer("edge-gateway"));
        env.put("LUMEE_GATEWAY_DEVICE_RATE", String.valueOf(deviceRate));
        return env;
    }

    Map<String, String> fhirSink(String groupId) {
        Map<String, String> env = base("fhir-sink-" + groupId);
        env.put("LUMEE_FHIR_VERSIONS", "R4");
        env.put("LUMEE_FHIR_R4_BASE_URL", fhir.secureBaseUrl());
        env.put("LUMEE_FHIR_AUTH", "BEARER");
        env.put("LUMEE_FHIR_BEARER_TOKEN_FILE", write("fhir-token", fhir.bearerToken()).toString());
        tls(env, "LUMEE_FHIR_TLS_", "fhir-sink-client", ca.issue(CertificateSpec.client("fhir-sink")));
        env.put("LUMEE_FHIR_SINK_GROUP_ID", groupId);
        env.put("LUMEE_FHIR_SINK_INSTANCE_ID", groupId + "-1");
        env.put("LUMEE_FHIR_RETRY_MAX_DELAY", "5s");
        return env;
    }

    Map<String, String> hl7Bridge(String groupId) {
        Map<String, String> env = base("hl7-bridge-" + groupId);
        env.put("LUMEE_HL7_DEST_EHR_ADDRESS", ehr.host() + ":" + ehr.port());
        env.put("LUMEE_HL7_DEST_EHR_TRANSPORT", "MTLS");
        tls(env, "LUMEE_HL7_DEST_EHR_TLS_", "hl7-bridge-client", ca.issue(CertificateSpec.client("hl7-bridge")));
        env.put("LUMEE_HL7_GROUP_ID", groupId);
        env.put("LUMEE_HL7_TRANSACTIONAL_ID", groupId + "-1");
        env.put("LUMEE_HL7_RETRY_BACKOFF_MAX", "5s");
        return env;
    }

    Map<String, String> archiveSink(String groupId, String bucket, int batchRecords, String batchAge) {
        Map<String, String> env = base("archive-sink-" + groupId);
        env.put("LUMEE_ARCHIVE_S3_ENDPOINT", s3.endpoint());
        env.put("LUMEE_ARCHIVE_KMS_ENDPOINT", kms.endpoint());
        env.put("LUMEE_ARCHIVE_REGION", S3MockServer.REGION);
        env.put("LUMEE_ARCHIVE_AWS_ACCESS_KEY_ID_FILE", write("aws-access-key-id", S3MockServer.ACCESS_KEY_ID).toString());
        env.put("LUMEE_ARCHIVE_AWS_SECRET_ACCESS_KEY_FILE", write("aws-secret-access-key", S3MockServer.SECRET_ACCESS_KEY).toString());
        env.put("LUMEE_ARCHIVE_KMS_KEY_ARN", kmsKeyArn);
        env.put("LUMEE_ARCHIVE_BUCKET", bucket);
        env.put("LUMEE_ARCHIVE_SSE_KMS_KEY_ID", s3.sseKmsKeyId());
        env.put("LUMEE_ARCHIVE_GROUP_ID", groupId);
        env.put("LUMEE_ARCHIVE_BATCH_RECORDS", String.valueOf(batchRecords));
        env.put("LUMEE_ARCHIVE_BATCH_AGE", batchAge);
        return env;
    }

    /** A service's TLS settings under {@code prefix}: its own key store and the bench CA as trust. */
    private void tls(Map<String, String> env, String prefix, String storeName, IssuedCertificate certificate) {
        env.put(prefix + "KEYSTORE_FILE", keyStore(storeName, certificate).toString());
        env.put(prefix + "KEYSTORE_PASSWORD_FILE", storePasswordFile.toString());
        env.put(prefix + "TRUSTSTORE_FILE", trustStore.toString());
        env.put(prefix + "TRUSTSTORE_PASSWORD_FILE", storePasswordFile.toString());
    }

    /** Starts one service from its runnable jar; with {@code profile}, under a JFR recording written to {@code jfr}. */
    BenchService start(BenchService.Kind kind, String name, Map<String, String> environment, Path jfr) {
        BenchService service = BenchService.start(kind, name, repository, subdir("services"), environment, jfr);
        closeables.add(service);
        return service;
    }

    void createBucket(String bucket) {
        try (S3Client client = S3Client.builder().endpointOverride(URI.create(s3.endpoint())).forcePathStyle(true)
                .region(Region.of(S3MockServer.REGION)).credentialsProvider(awsCredentials()).build()) {
            client.createBucket(request -> request.bucket(bucket).objectLockEnabledForBucket(true));
            client.putBucketVersioning(request -> request.bucket(bucket)
                    .versioningConfiguration(config -> config.status(BucketVersioningStatus.ENABLED)));
        }
    }

    /** Runs an admin-cli command in this JVM, connected like a service; a failure stops the run. */
    void admin(String... args) {
        StringWriter err = new StringWriter();
        int status = AdminCli.run(kafkaEnvironment("lumee-admin"), new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed (" + status + "): " + err);
        }
    }

    Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name, e);
        }
    }

    Path subdir(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path keyStore(String name, IssuedCertificate certificate) {
        return certificate.writePkcs12(dir.resolve(name + ".p12"), storePassword);
    }

    Path trustStore() {
        return trustStore;
    }

    char[] storePassword() {
        return storePassword.clone();
    }

    private Map<String, String> base(String client) {
        Map<String, String> env = new LinkedHashMap<>(kafkaEnvironment(client));
        env.put("LUMEE_REGISTRY_URL", registry.registryUrl());
        env.put("LUMEE_KAFKA_PROPERTY_SESSION_TIMEOUT_MS", "10000");
        return env;
    }

    private String prepareKms() {
        try (KmsClient client = KmsClient.builder().endpointOverride(URI.create(kms.endpoint()))
                .region(Region.of(S3MockServer.REGION)).credentialsProvider(awsCredentials()).build()) {
            return client.createKey(request -> request.description("lumee bench archive key")).keyMetadata().arn();
        }
    }

    private static StaticCredentialsProvider awsCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(S3MockServer.ACCESS_KEY_ID, S3MockServer.SECRET_ACCESS_KEY));
    }

    private <T extends AutoCloseable> T track(T server) {
        closeables.add(server);
        return server;
    }

    static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                System.err.println("bench: stopping " + closeables.get(i) + " failed: " + e);
            }
        }
        TempDirs.deleteQuietly(dir);
    }
}
