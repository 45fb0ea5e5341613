package io.lumee.hl7bridge.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumee.platform.config.HostPort;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DestinationRouterTest {
    private static final MllpDestination NORTH = plain("north", Set.of("ICU-NORTH", "WARD-3"), Set.of());
    private static final MllpDestination LAB = plain("lab", Set.of("ICU-NORTH"), Set.of("LAB"));
    private static final MllpDestination ANY_CARDIO = plain("cardio", Set.of(), Set.of("CARDIO"));
    private static final MllpDestination MAIN = plain("main", Set.of(), Set.of());

    private final DestinationRouter router = new DestinationRouter(List.of(LAB, NORTH, ANY_CARDIO, MAIN), "main");

    @Test
    void routesByReceivingFacility() {
        assertThat(router.route("EHR", "WARD-3")).isEqualTo(NORTH);
        assertThat(router.route("EHR", "ICU-NORTH")).isEqualTo(NORTH);
    }

    @Test
    void aRouteNamingApplicationsNeedsTheApplicationToo() {
        assertThat(router.route("LAB", "ICU-NORTH")).isEqualTo(LAB);
        assertThat(router.route("CARDIO", "ANYWHERE")).isEqualTo(ANY_CARDIO);
    }

    @Test
    void anythingElseGoesToTheDefault() {
        assertThat(router.route("EHR", "ICU-SOUTH")).isEqualTo(MAIN);
        assertThat(router.route("", "")).isEqualTo(MAIN);
        assertThat(router.route("EHR", "icu-north")).as("HD namespace ids are case-sensitive").isEqualTo(MAIN);
    }

    @Test
    void theDefaultMustBeADestination() {
        assertThatThrownBy(() -> new DestinationRouter(List.of(NORTH), "main")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mutualTlsNeedsAClientCertificate() {
        assertThatThrownBy(() -> new MllpDestination("x", new HostPort("127.0.0.1", 2575), Transport.MTLS,
                Optional.empty(), Set.of(), Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static MllpDestination plain(String name, Set<String> facilities, Set<String> applications) {
        return new MllpDestination(name, new HostPort("127.0.0.1", 2575), Transport.PLAIN, Optional.empty(), facilities, applications);
    }
}
