package io.lumee.gateway.identity;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What a certificate says about its holder: the subjectAltName URIs where Lumee identities travel, and its subject. */
public final class CertificateNames {

    private static final int URI_NAME = 6;

    private CertificateNames() {}

    /** The URIs that start with {@code urn:lumee:}; a certificate whose names cannot be parsed has none. */
    public static List<String> lumeeUris(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            List<String> uris = new ArrayList<>();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() == 2 && Integer.valueOf(URI_NAME).equals(name.get(0))
                            && name.get(1) instanceof String uri && uri.startsWith("urn:lumee:")) {
                        uris.add(uri);
                    }
                }
            }
            return uris;
        } catch (CertificateParsingException unreadable) {
            return List.of();
        }
    }

    /** The subject DN and Lumee URNs, as audit records name a peer; certificates carry no PHI. */
    public static String subject(X509Certificate certificate) {
        String urns = String.join(" ", lumeeUris(certificate));
        String dn = certificate.getSubjectX500Principal().getName();
        return urns.isEmpty() ? dn : dn + " " + urns;
    }
}
