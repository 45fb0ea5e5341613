package io.lumee.gateway.identity;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a client certificate speaks for: a device ({@code urn:lumee:device:<id>}) or a gateway
 * ({@code urn:lumee:gateway:<id>}) named in a subjectAltName URI, or nobody the gateway serves.
 */
public sealed interface ClientIdentity permits ClientIdentity.Device, ClientIdentity.Gateway, ClientIdentity.Unidentified {

    String DEVICE_URN = "urn:lumee:device:";
    String GATEWAY_URN = "urn:lumee:gateway:";
    /** DESIGN.md's deviceId rule; gateway ids follow it too, so both can travel in audit records. */
    Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    record Device(String id) implements ClientIdentity {
        public Device {
            Objects.requireNonNull(id, "id");
        }
    }

    record Gateway(String id) implements ClientIdentity {
        public Gateway {
            Objects.requireNonNull(id, "id");
        }
    }

    /** A certificate from a trusted CA that names no single Lumee identity: a server's, or a malformed one. */
    record Unidentified(String why) implements ClientIdentity {
    }

    /**
     * Exactly one Lumee URN is required: a certificate naming two identities would let the holder
     * pick whichever grants more.
     */
    static ClientIdentity of(X509Certificate certificate) {
        List<String> urns = new ArrayList<>();
        for (String uri : CertificateNames.lumeeUris(certificate)) {
            if (uri.startsWith(DEVICE_URN) || uri.startsWith(GATEWAY_URN)) {
                urns.add(uri);
            }
        }
        if (urns.size() != 1) {
            return new Unidentified(urns.isEmpty()
                    ? "the certificate names no urn:lumee:device: or urn:lumee:gateway: identity"
                    : "the certificate names more than one Lumee identity");
        }
        String urn = urns.get(0);
        boolean device = urn.startsWith(DEVICE_URN);
        String id = urn.substring(device ? DEVICE_URN.length() : GATEWAY_URN.length());
        if (!ID.matcher(id).matches()) {
            return new Unidentified("the certificate's Lumee identity is not 1-64 of [A-Za-z0-9._-]");
        }
        return device ? new Device(id) : new Gateway(id);
    }

    /** How audit records and logs name this identity: the URN, never more. */
    default String describe() {
        if (this instanceof Device device) {
            return DEVICE_URN + device.id();
        }
        if (this instanceof Gateway gateway) {
            return GATEWAY_URN + gateway.id();
        }
        return "unidentified";
    }
}
