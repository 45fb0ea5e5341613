package io.lumee.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.cli.device.Operator;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class GatewayCommandTest {

    @Test
    void provisionIssuesAGatewayCertificateAndAuditsIt() throws Exception {
        Operator operator = Operator.shared();
        String gatewayId = "hub-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = new ArrayList<>(List.of("gateway", "provision", "--id", gatewayId, "--out", operator.dir().resolve("gateways").toString(),
                "--store-password-file", operator.storePassword().toString()));
        args.addAll(operator.caFlags());

        Operator.Run run = operator.run(args.toArray(String[]::new));

        assertThat(run.status()).as(run.err()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(operator.dir().resolve("gateways").resolve(gatewayId + ".p12"))) {
            store.load(in, "store-secret".toCharArray());
        }
        X509Certificate certificate = (X509Certificate) store.getCertificate("lumee");
        assertThat(certificate.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1)).containsExactly("urn:lumee:gateway:" + gatewayId);
        List<AuditRecord> audit = operator.records(operator.topics().audit(), r -> r.value().getDetail().contains(gatewayId))
                .stream().map(ConsumerRecord::value).toList();
        assertThat(audit).singleElement().satisfies(record -> {
            assertThat(record.getAction()).isEqualTo(AuditAction.GATEWAY_PROVISIONED);
            assertThat(record.getReason()).isEqualTo("gateway-provisioned");
        });
    }
}
