package io.lumee.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.testkit.tls.CertificateSpec;
import io.lumee.testkit.tls.TestCa;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientIdentityTest {

    private static final TestCa CA = TestCa.create("identity test CA");

    @Test
    void deviceAndGatewayUrnsNameTheHolder() {
        assertThat(ClientIdentity.of(CA.issueDevice("lumee-0001").certificate())).isEqualTo(new ClientIdentity.Device("lumee-0001"));
        assertThat(ClientIdentity.of(CA.issueGateway("ward-7-hub").certificate())).isEqualTo(new ClientIdentity.Gateway("ward-7-hub"));
    }

    @Test
    void certificateWithoutOrWithTwoLumeeIdentitiesNamesNobody() {
        CertificateSpec two = new CertificateSpec("two", List.of("urn:lumee:device:a", "urn:lumee:gateway:b"), List.of(), List.of(),
                CertificateSpec.client("x").keyAlgorithm(), CertificateSpec.client("x").notBefore(), CertificateSpec.client("x").notAfter(), false);

        assertThat(ClientIdentity.of(CA.issue(CertificateSpec.client("a-service")).certificate())).isInstanceOf(ClientIdentity.Unidentified.class);
        assertThat(ClientIdentity.of(CA.issue(two).certificate())).isInstanceOf(ClientIdentity.Unidentified.class);
    }

    @Test
    void identityOutsideTheDeviceIdAlphabetNamesNobody() {
        CertificateSpec spec = CertificateSpec.device("ok");
        CertificateSpec odd = new CertificateSpec("odd", List.of("urn:lumee:device:a/b"), List.of(), List.of(), spec.keyAlgorithm(),
                spec.notBefore(), spec.notAfter(), false);

        assertThat(ClientIdentity.of(CA.issue(odd).certificate())).isInstanceOf(ClientIdentity.Unidentified.class);
    }
}
