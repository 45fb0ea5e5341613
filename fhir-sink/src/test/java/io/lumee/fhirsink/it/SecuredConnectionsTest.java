package io.lumee.fhirsink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SubjectMode;
import io.lumee.fhirsink.FhirVersion;
import io.lumee.fhirsink.Readings;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.fhir.FhirServer;
import io.lumee.testkit.fhir.FhirServers;
import io.lumee.testkit.tls.CertificateSpec;
import io.lumee.testkit.tls.IssuedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink over every secured path at once: Kafka on the broker's mutual-TLS listener, the FHIR server's
 * TLS connector with a client certificate and a private trust store, and a bearer token, first from a
 * file that is rotated while the sink runs, then from the server's OAuth2 client-credentials endpoint.
 */
class SecuredConnectionsTest {
    private static final String PASSWORD = "secured-test-password";
    private static final Path DIR = TempDirs.create("sink-secured");
    private static FhirServer server;
    private static FhirStore store;

    @BeforeAll
    static void certificates() {
        server = FhirServers.r4();
        store = new FhirStore(server);
        store.ensurePatients(List.of("secured-mrn"));
    }

    @AfterAll
    static void cleanUp() {
        TempDirs.deleteQuietly(DIR);
    }

    @Test
    void bearerTokenFromAFileIsReadAgainWhenRotated() throws Exception {
        Path tokenFile = Files.writeString(DIR.resolve("bearer-token"), server.bearerToken() + "\n");
        Map<String, String> environment = securedEnvironment("secured-bearer");
        environment.put("LUMEE_FHIR_AUTH", "BEARER");
        environment.put("LUMEE_FHIR_BEARER_TOKEN_FILE", tokenFile.toString());
        ServiceRuntime sink = SinkHarness.startSink(environment);
        try {
            List<ProcessedReading> before = deliver("secured-bearer", 0, 40);
            Files.writeString(tokenFile, server.rotateBearerToken() + "\n");
            List<ProcessedReading> after = deliver("secured-bearer", 40, 40);

            assertThat(store.observations(SinkHarness.ids(before))).isEqualTo(40);
            assertThat(store.observations(SinkHarness.ids(after))).isEqualTo(40);
        } finally {
            sink.shutdown();
        }
    }

    @Test
    void clientCredentialsTokenIsFetchedOnceAndCached() throws Exception {
        Path secretFile = Files.writeString(DIR.resolve("client-secret"), server.clientSecret());
        Map<String, String> environment = securedEnvironment("secured-oauth");
        environment.put("LUMEE_FHIR_AUTH", "CLIENT_CREDENTIALS");
        environment.put("LUMEE_FHIR_OAUTH_TOKEN_URL", server.tokenUrl());
        environment.put("LUMEE_FHIR_OAUTH_CLIENT_ID", server.clientId());
        environment.put("LUMEE_FHIR_OAUTH_CLIENT_SECRET_FILE", secretFile.toString());
        int issuedBefore = server.tokensIssued();
        ServiceRuntime sink = SinkHarness.startSink(environment);
        try {
            List<ProcessedReading> readings = deliver("secured-oauth", 0, 60);

            assertThat(store.observations(SinkHarness.ids(readings))).isEqualTo(60);
            assertThat(server.tokensIssued() - issuedBefore).as("one cached token serves every request").isEqualTo(1);
        } finally {
            sink.shutdown();
        }
    }

    /** Produces {@code count} readings of one device, sequences from {@code first}, and waits for the sink to commit them. */
    private static List<ProcessedReading> deliver(String group, int first, int count) throws Exception {
        List<ProcessedReading> readings = IntStream.range(first, first + count)
                .mapToObj(i -> Readings.reading(group + "-dev", i, "secured-mrn")).toList();
        SinkHarness.produce(FhirVersion.R4, readings, SubjectMode.LOOKUP);
        SinkHarness.awaitCaughtUp(group, FhirVersion.R4, Duration.ofMinutes(2));
        return readings;
    }

    private static Map<String, String> securedEnvironment(String group) throws Exception {
        SinkHarness.startGroupAtEnd(group, FhirVersion.R4);
        Map<String, Object> kafka = SinkHarness.BROKER.tlsClientProperties(TestServers.ca().issue(CertificateSpec.client("fhir-sink")));
        Path kafkaPassword = Files.writeString(DIR.resolve(group + "-kafka-password"), (String) kafka.get("ssl.keystore.password"));
        Path fhirPassword = Files.writeString(DIR.resolve(group + "-fhir-password"), PASSWORD);
        Map<String, String> environment = SinkHarness.environment(FhirVersion.R4, server.secureBaseUrl(), group);
        environment.put("LUMEE_KAFKA_BOOTSTRAP", SinkHarness.BROKER.tlsBootstrapServers());
        environment.put("LUMEE_KAFKA_SECURITY_PROTOCOL", "SSL");
        environment.put("LUMEE_KAFKA_KEYSTORE_FILE", (String) kafka.get("ssl.keystore.location"));
        environment.put("LUMEE_KAFKA_KEYSTORE_PASSWORD_FILE", kafkaPassword.toString());
        environment.put("LUMEE_KAFKA_TRUSTSTORE_FILE", (String) kafka.get("ssl.truststore.location"));
        environment.put("LUMEE_KAFKA_TRUSTSTORE_PASSWORD_FILE", kafkaPassword.toString());
        IssuedCertificate client = TestServers.ca().issue(CertificateSpec.client("fhir-sink-" + group));
        environment.put("LUMEE_FHIR_TLS_KEYSTORE_FILE",
                client.writePkcs12(DIR.resolve(group + "-fhir-client.p12"), PASSWORD.toCharArray()).toString());
        environment.put("LUMEE_FHIR_TLS_KEYSTORE_PASSWORD_FILE", fhirPassword.toString());
        environment.put("LUMEE_FHIR_TLS_TRUSTSTORE_FILE",
                TestServers.ca().writeTrustStore(DIR.resolve(group + "-fhir-trust.p12"), PASSWORD.toCharArray()).toString());
        environment.put("LUMEE_FHIR_TLS_TRUSTSTORE_PASSWORD_FILE", fhirPassword.toString());
        return environment;
    }
}
