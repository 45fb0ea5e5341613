package io.lumee.devstack;

import io.lumee.cli.AdminCli;
import io.lumee.protocol.MasterSecret;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.Topics;
import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.s3.S3MockServer;
import io.lumee.testkit.tls.CertificateSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * The whole pipeline on the embedded default: the infrastructure, topics applied, key material, and
 * every service in a JVM of its own talking TLS and mutual TLS to everything, as deployed. Nothing
 * here is a fake: the services are the runnable jars the Dockerfiles ship.
 */
final class Stack implements AutoCloseable {
    static final String BUCKET = "lumee-archive";
    static final String FACILITY = "devstack-ward";

    final Infrastructure infrastructure;
    final Workspace workspace = new Workspace();
    final Topics topics;
    final MasterSecret master;
    final Path masterSecretFile;
    final Map<String, String> archiveAccess;
    final URI gateway;
    private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);

    private Stack(Infrastructure infrastructure, Path repository) {
        this.infrastructure = infrastructure;
        this.topics = Topics.create(RegistrySettings.of(infrastructure.registry.registryUrl(), true));
        this.masterSecretFile = workspace.randomKeyFile("master-secret-v1", MasterSecret.LENGTH);
        this.master = MasterSecret.load(1, masterSecretFile);
        applyTopics();
        this.archiveAccess = prepareArchive();
        int gatewayPort = LoopbackPorts.free();
        this.gateway = URI.create("https://" + LoopbackPorts.HOST + ":" + gatewayPort);
        Path patientKey = workspace.randomKeyFile("patient-key", 32);
        Path workDir = workspace.subdir("services");

        Map<String, String> processor = base("stream-processor");
        processor.put("LUMEE_MASTER_SECRET_FILES", "1=" + masterSecretFile);
        processor.put("LUMEE_PATIENT_KEY_FILE", patientKey.toString());
        processor.put("LUMEE_PROCESSOR_STATE_DIR", workspace.subdir("processor-state").toString());
        processor.put("LUMEE_OUTPUTS", "fhir-r4,hl7v2");
        processor.put("LUMEE_ORPHAN_HOLD", "10m");
        add(Service.PROCESSOR, repository, workDir, processor);

        Map<String, String> gatewayEnv = base("edge-gateway");
        gatewayEnv.put("LUMEE_GATEWAY_HOST", LoopbackPorts.HOST);
        gatewayEnv.put("LUMEE_GATEWAY_PORT", String.valueOf(gatewayPort));
        gatewayEnv.put("LUMEE_GATEWAY_TLS_KEYSTORE_FILE",
                workspace.keyStore("gateway-server", infrastructure.ca.issueServer("edge-gateway")).toString());
        gatewayEnv.put("LUMEE_GATEWAY_TLS_KEYSTORE_PASSWORD_FILE", workspace.storePasswordFile().toString());
        gatewayEnv.put("LUMEE_GATEWAY_TLS_TRUSTSTORE_FILE", workspace.trustStore(infrastructure.ca).toString());
        gatewayEnv.put("LUMEE_GATEWAY_TLS_TRUSTSTORE_PASSWORD_FILE", workspace.storePasswordFile().toString());
        add(Service.GATEWAY, repository, workDir, gatewayEnv);

        Map<String, String> fhirSink = base("fhir-sink");
        fhirSink.put("LUMEE_FHIR_VERSIONS", "R4");
        fhirSink.put("LUMEE_FHIR_R4_BASE_URL", infrastructure.fhir.secureBaseUrl());
        fhirSink.put("LUMEE_FHIR_AUTH", "BEARER");
        fhirSink.put("LUMEE_FHIR_BEARER_TOKEN_FILE", workspace.write("fhir-token", infrastructure.fhir.bearerToken()).toString());
        fhirSink.put("LUMEE_FHIR_TLS_KEYSTORE_FILE",
                workspace.keyStore("fhir-sink-client", infrastructure.ca.issue(CertificateSpec.client("fhir-sink"))).toString());
        fhirSink.put("LUMEE_FHIR_TLS_KEYSTORE_PASSWORD_FILE", workspace.storePasswordFile().toString());
        fhirSink.put("LUMEE_FHIR_TLS_TRUSTSTORE_FILE", workspace.trustStore(infrastructure.ca).toString());
        fhirSink.put("LUMEE_FHIR_TLS_TRUSTSTORE_PASSWORD_FILE", workspace.storePasswordFile().toString());
        fhirSink.put("LUMEE_FHIR_SINK_INSTANCE_ID", "devstack-1");
        fhirSink.put("LUMEE_FHIR_RETRY_MAX_DELAY", "5s");
        add(Service.FHIR_SINK, repository, workDir, fhirSink);

        Map<String, String> bridge = base("hl7-bridge");
        bridge.put("LUMEE_HL7_DEST_EHR_ADDRESS", infrastructure.ehr.host() + ":" + infrastructure.ehr.port());
        bridge.put("LUMEE_HL7_DEST_EHR_TRANSPORT", "MTLS");
        bridge.put("LUMEE_HL7_DEST_EHR_TLS_KEYSTORE_FILE",
                workspace.keyStore("hl7-bridge-client", infrastructure.ca.issue(CertificateSpec.client("hl7-bridge"))).toString());
        bridge.put("LUMEE_HL7_DEST_EHR_TLS_KEYSTORE_PASSWORD_FILE", workspace.storePasswordFile().toString());
        bridge.put("LUMEE_HL7_DEST_EHR_TLS_TRUSTSTORE_FILE", workspace.trustStore(infrastructure.ca).toString());
        bridge.put("LUMEE_HL7_DEST_EHR_TLS_TRUSTSTORE_PASSWORD_FILE", workspace.storePasswordFile().toString());
        bridge.put("LUMEE_HL7_TRANSACTIONAL_ID", "lumee-hl7-bridge-devstack-1");
        bridge.put("LUMEE_HL7_RETRY_BACKOFF_MAX", "5s");
        add(Service.HL7_BRIDGE, repository, workDir, bridge);

        Map<String, String> archive = base("archive-sink");
        archive.putAll(archiveAccess);
        archive.put("LUMEE_ARCHIVE_SSE_KMS_KEY_ID", infrastructure.s3.sseKmsKeyId());
        archive.put("LUMEE_ARCHIVE_BATCH_RECORDS", "2000");
        archive.put("LUMEE_ARCHIVE_BATCH_AGE", "5s");
        add(Service.ARCHIVE_SINK, repository, workDir, archive);
    }

    /** Starts the infrastructure, then every service (in parallel); the gateway last, once Kafka-side services run. */
    static Stack start(Path repository, Progress progress) {
        progress.step("starting Kafka, Apicurio Registry, HAPI FHIR JPA, the MLLP EHR, S3Mock and KMS");
        Infrastructure infrastructure = Infrastructure.start();
        Stack stack;
        try {
            stack = new Stack(infrastructure, repository);
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        try {
            progress.step("starting the stream-processor, fhir-sink, hl7-bridge and archive-sink");
            List<CompletableFuture<Duration>> starts = new ArrayList<>();
            for (Service service : List.of(Service.PROCESSOR, Service.FHIR_SINK, Service.HL7_BRIDGE, Service.ARCHIVE_SINK)) {
                starts.add(CompletableFuture.supplyAsync(() -> stack.service(service).start()));
            }
            starts.forEach(CompletableFuture::join);
            progress.step("starting the edge-gateway on " + stack.gateway);
            stack.service(Service.GATEWAY).start();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    ServiceProcess service(Service service) {
        return services.get(service);
    }

    List<ServiceProcess> services() {
        return List.copyOf(services.values());
    }

    /** What archive verify needs besides the bucket: the master secrets the readings were signed with. */
    Map<String, String> archiveVerifyEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>(archiveAccess);
        environment.put("LUMEE_MASTER_SECRET_FILES", "1=" + masterSecretFile);
        return environment;
    }

    Map<String, String> kafkaEnvironment(String client) {
        return infrastructure.kafka.tlsServiceEnvironment(infrastructure.ca.issue(CertificateSpec.client(client)));
    }

    private Map<String, String> base(String client) {
        Map<String, String> environment = new LinkedHashMap<>(kafkaEnvironment(client));
        environment.put("LUMEE_REGISTRY_URL", infrastructure.registry.registryUrl());
        // a killed member is noticed after the session timeout: short, so a restart takes over quickly
        environment.put("LUMEE_KAFKA_PROPERTY_SESSION_TIMEOUT_MS", "10000");
        return environment;
    }

    private void add(Service service, Path repository, Path workDir, Map<String, String> environment) {
        services.put(service, new ServiceProcess(service, repository, workDir, environment));
    }

    private void applyTopics() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = AdminCli.run(kafkaEnvironment("lumee-admin"), new PrintWriter(out), new PrintWriter(err),
                "topics", "apply");
        if (status != 0) {
            throw new IllegalStateException("topics apply failed (" + status + "): " + err);
        }
    }

    /** A write-once bucket (versioning + Object Lock) and a KMS key, as an operator would set them up. */
    private Map<String, String> prepareArchive() {
        S3MockServer s3Server = infrastructure.s3;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3MockServer.ACCESS_KEY_ID, S3MockServer.SECRET_ACCESS_KEY));
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(s3Server.endpoint())).forcePathStyle(true)
                .region(Region.of(S3MockServer.REGION)).credentialsProvider(credentials).build()) {
            s3.createBucket(request -> request.bucket(BUCKET).objectLockEnabledForBucket(true));
            s3.putBucketVersioning(request -> request.bucket(BUCKET)
                    .versioningConfiguration(config -> config.status(BucketVersioningStatus.ENABLED)));
        }
        String keyArn;
        try (KmsClient kms = KmsClient.builder().endpointOverride(URI.create(infrastructure.kms.endpoint()))
                .region(Region.of(S3MockServer.REGION)).credentialsProvider(credentials).build()) {
            keyArn = kms.createKey(request -> request.description("lumee devstack archive key")).keyMetadata().arn();
        }
        Map<String, String> access = new LinkedHashMap<>();
        access.put("LUMEE_ARCHIVE_S3_ENDPOINT", s3Server.endpoint());
        access.put("LUMEE_ARCHIVE_KMS_ENDPOINT", infrastructure.kms.endpoint());
        access.put("LUMEE_ARCHIVE_REGION", S3MockServer.REGION);
        access.put("LUMEE_ARCHIVE_AWS_ACCESS_KEY_ID_FILE", workspace.write("aws-access-key-id", S3MockServer.ACCESS_KEY_ID).toString());
        access.put("LUMEE_ARCHIVE_AWS_SECRET_ACCESS_KEY_FILE",
                workspace.write("aws-secret-access-key", S3MockServer.SECRET_ACCESS_KEY).toString());
        access.put("LUMEE_ARCHIVE_BUCKET", BUCKET);
        access.put("LUMEE_ARCHIVE_KMS_KEY_ARN", keyArn);
        return access;
    }

    @Override
    public void close() {
        for (ServiceProcess service : services.values()) {
            try {
                service.close();
            } catch (RuntimeException e) {
                System.err.println("devstack: stopping " + service.service().module() + " failed: " + e);
            }
        }
        infrastructure.close();
        workspace.close();
    }
}
