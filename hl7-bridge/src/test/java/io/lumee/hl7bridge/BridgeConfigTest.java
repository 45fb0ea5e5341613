package io.lumee.hl7bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.hl7bridge.mllp.AckCode;
import io.lumee.hl7bridge.delivery.AckAction;
import io.lumee.hl7bridge.routing.MllpDestination;
import io.lumee.hl7bridge.routing.Transport;
import io.lumee.platform.config.ConfigReader;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.tls.CertificateSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {
    private static Path dir;
    private static Map<String, String> clientCertificate;

    @BeforeAll
    static void writeStores() throws Exception {
        dir = TempDirs.create("hl7-config");
        Path password = Files.writeString(dir.resolve("password"), "secret");
        Path keyStore = TestServers.ca().issue(CertificateSpec.client("hl7-bridge")).writePkcs12(dir.resolve("client.p12"), "secret".toCharArray());
        clientCertificate = Map.of(
                "LUMEE_HL7_DEST_EHR_TLS_KEYSTORE_FILE", keyStore.toString(),
                "LUMEE_HL7_DEST_EHR_TLS_KEYSTORE_PASSWORD_FILE", password.toString());
    }

    @AfterAll
    static void removeStores() {
        TempDirs.deleteQuietly(dir);
    }

    @Test
    void productionDefaultsAreMutualTls13WithTheHl7Section29Policy() {
        ConfigReader reader = new ConfigReader(clientCertificate);
        BridgeConfig config = BridgeConfig.from(reader);
        reader.requireValid();

        MllpDestination ehr = config.destinations().get(0);
        assertThat(ehr.name()).isEqualTo("ehr");
        assertThat(ehr.transport()).isEqualTo(Transport.MTLS);
        assertThat(ehr.address().toString()).isEqualTo("127.0.0.1:2575");
        assertThat(ehr.tls().orElseThrow().protocols()).containsExactly("TLSv1.3");
        assertThat(config.defaultDestination()).isEqualTo("ehr");
        assertThat(config.delivery().policy().actionFor(AckCode.AE)).isEqualTo(AckAction.REJECT);
        assertThat(config.delivery().ackTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.delivery().maxRetries()).isEqualTo(5);
        assertThat(config.lanes()).isEqualTo(8);
        assertThat(config.groupId()).isEqualTo("lumee-hl7-bridge");
        assertThat(config.transactionalId()).startsWith("lumee-hl7-bridge-");
    }

    @Test
    void mutualTlsWithoutAClientCertificateIsRefusedInOneLine() {
        ConfigReader reader = new ConfigReader(Map.of());
        BridgeConfig.from(reader);

        assertThat(reader.errors()).singleElement().asString()
                .startsWith("LUMEE_HL7_DEST_EHR_TLS_KEYSTORE_FILE: expected a client certificate key store");
    }

    @Test
    void plainIsAllowedByExplicitConfigAndRoutesAreRead() {
        Map<String, String> env = new HashMap<>();
        env.put("LUMEE_HL7_DESTINATIONS", "north,south-wing");
        env.put("LUMEE_HL7_DEST_NORTH_TRANSPORT", "plain");
        env.put("LUMEE_HL7_DEST_NORTH_ADDRESS", "ehr-north.example:6661");
        env.put("LUMEE_HL7_DEST_NORTH_FACILITIES", "ICU-NORTH, WARD-3");
        env.put("LUMEE_HL7_DEST_SOUTH_WING_TRANSPORT", "PLAIN");
        env.put("LUMEE_HL7_DEST_SOUTH_WING_APPLICATIONS", "LAB");
        env.put("LUMEE_HL7_DEFAULT_DESTINATION", "south-wing");
        env.put("LUMEE_HL7_ACK_POLICY", "AE=retry");
        ConfigReader reader = new ConfigReader(env);
        BridgeConfig config = BridgeConfig.from(reader);
        reader.requireValid();

        assertThat(config.destinations()).extracting(MllpDestination::name).containsExactly("north", "south-wing");
        assertThat(config.router().route("EHR", "WARD-3").name()).isEqualTo("north");
        assertThat(config.router().route("EHR", "ICU-SOUTH").name()).isEqualTo("south-wing");
        assertThat(config.destinations().get(0).tls()).isEmpty();
        assertThat(config.delivery().policy().actionFor(AckCode.AE)).isEqualTo(AckAction.RETRY);
        assertThat(reader.unreadNames()).isEmpty();
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        Map<String, String> env = new HashMap<>(clientCertificate);
        env.put("LUMEE_HL7_ACK_POLICY", "AE=maybe");
        env.put("LUMEE_HL7_DEFAULT_DESTINATION", "nowhere");
        env.put("LUMEE_HL7_LANES", "0");
        env.put("LUMEE_HL7_DEST_EHR_TRANSPORT", "carrier-pigeon");
        ConfigReader reader = new ConfigReader(env);
        BridgeConfig.from(reader);

        assertThat(reader.errors()).extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactlyInAnyOrder("LUMEE_HL7_ACK_POLICY", "LUMEE_HL7_DEFAULT_DESTINATION", "LUMEE_HL7_LANES",
                        "LUMEE_HL7_DEST_EHR_TRANSPORT");
    }
}
