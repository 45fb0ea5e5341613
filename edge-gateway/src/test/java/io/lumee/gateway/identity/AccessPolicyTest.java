package io.lumee.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.schemas.DeviceStatus;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private final DeviceDirectory directory = new DeviceDirectory();
    private final AccessPolicy policy = new AccessPolicy(directory);

    @Test
    void deviceMayPostItsOwnReadingsEvenBeforeItIsRegistered() {
        assertThat(policy.decide(new ClientIdentity.Device("d1"), "d1")).isEqualTo(Access.GRANTED);
    }

    @Test
    void deviceMayNotPostForAnother() {
        directory.apply("d2", new Registration(DeviceStatus.ACTIVE, Set.of()));

        assertThat(reason(policy.decide(new ClientIdentity.Device("d1"), "d2"))).isEqualTo("other-device");
    }

    @Test
    void revokedRetiredAndUnknownStatusesFailClosed() {
        directory.apply("r", new Registration(DeviceStatus.REVOKED, Set.of()));
        directory.apply("t", new Registration(DeviceStatus.RETIRED, Set.of()));
        directory.apply("u", Registration.UNREADABLE);

        assertThat(reason(policy.decide(new ClientIdentity.Device("r"), "r"))).isEqualTo("revoked");
        assertThat(reason(policy.decide(new ClientIdentity.Device("t"), "t"))).isEqualTo("retired");
        assertThat(reason(policy.decide(new ClientIdentity.Device("u"), "u"))).isEqualTo("status-unknown");
    }

    @Test
    void gatewayMayRelayOnlyForActiveDevicesListingIt() {
        directory.apply("listed", new Registration(DeviceStatus.ACTIVE, Set.of("gw")));
        directory.apply("other", new Registration(DeviceStatus.ACTIVE, Set.of("gw-2")));
        directory.apply("revoked", new Registration(DeviceStatus.REVOKED, Set.of("gw")));
        ClientIdentity gateway = new ClientIdentity.Gateway("gw");

        assertThat(policy.decide(gateway, "listed")).isEqualTo(Access.GRANTED);
        assertThat(reason(policy.decide(gateway, "other"))).isEqualTo("gateway-not-listed");
        assertThat(reason(policy.decide(gateway, "revoked"))).isEqualTo("revoked");
        assertThat(reason(policy.decide(gateway, "unregistered"))).isEqualTo("unregistered-device");
    }

    @Test
    void tombstoneForgetsTheDevice() {
        directory.apply("gone", new Registration(DeviceStatus.ACTIVE, Set.of("gw")));
        directory.apply("gone", null);

        assertThat(reason(policy.decide(new ClientIdentity.Gateway("gw"), "gone"))).isEqualTo("unregistered-device");
    }

    private static String reason(Access access) {
        assertThat(access).isInstanceOf(Access.Denied.class);
        return ((Access.Denied) access).reason();
    }
}
