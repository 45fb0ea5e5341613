package io.lumee.hl7bridge.routing;

import java.util.List;
import java.util.Objects;

/**
 * Picks a message's destination from its receiving facility (MSH-6.1) and receiving application
 * (MSH-5.1): the first destination, in configured order, whose route matches, else the default.
 */
public final class DestinationRouter {
    private final List<MllpDestination> destinations;
    private final MllpDestination fallback;

    public DestinationRouter(List<MllpDestination> destinations, String defaultDestination) {
        this.destinations = List.copyOf(destinations);
        this.fallback = this.destinations.stream().filter(d -> d.name().equals(defaultDestination)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the default destination \"" + defaultDestination
                        + "\" is not among the destinations"));
    }

    public MllpDestination route(String receivingApplication, String receivingFacility) {
        Objects.requireNonNull(receivingApplication, "receivingApplication");
        Objects.requireNonNull(receivingFacility, "receivingFacility");
        return destinations.stream()
                .filter(destination -> destination.takes(receivingApplication, receivingFacility))
                .findFirst()
                .orElse(fallback);
    }

    public List<MllpDestination> destinations() {
        return destinations;
    }
}
