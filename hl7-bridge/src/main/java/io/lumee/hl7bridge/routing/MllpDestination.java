package io.lumee.hl7bridge.routing;

import io.lumee.platform.config.HostPort;
import io.lumee.platform.tls.TlsSettings;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An EHR's MLLP endpoint and the messages it takes.
 *
 * @param name a word naming the destination in config, logs and metric labels
 * @param tls present exactly when the transport is encrypted; with MTLS it has a key store
 * @param facilities the receiving facilities (MSH-6.1) routed here; empty: any facility
 * @param applications the receiving applications (MSH-5.1) routed here; empty: any application
 */
public record MllpDestination(String name, HostPort address, Transport transport, Optional<TlsSettings> tls,
                              Set<String> facilities, Set<String> applications) {

    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public MllpDestination {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a destination name is 1-32 lower-case letters, digits and dashes: \"" + name + "\"");
        }
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(tls, "tls");
        if (transport.encrypted() != tls.isPresent()) {
            throw new IllegalArgumentException(name + ": TLS settings go with an encrypted transport, and only with one");
        }
        if (transport == Transport.MTLS && tls.orElseThrow().keyStore().isEmpty()) {
            throw new IllegalArgumentException(name + ": mutual TLS needs a client certificate (key store)");
        }
        facilities = Set.copyOf(facilities);
        applications = Set.copyOf(applications);
    }

    /** Whether this destination declares a route at all (otherwise it is reached only as the default). */
    public boolean routes() {
        return !facilities.isEmpty() || !applications.isEmpty();
    }

    boolean takes(String receivingApplication, String receivingFacility) {
        return routes()
                && (facilities.isEmpty() || facilities.contains(receivingFacility))
                && (applications.isEmpty() || applications.contains(receivingApplication));
    }
}
