package io.lumee.gateway.tls;

import io.lumee.gateway.identity.CertificateNames;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;

/**
 * A client certificate the trust manager refused, as the audit tells it: the subject (DN and Lumee
 * URNs; certificates carry no PHI) and a reason code for {@code lumee_tls_handshake_failures_total}.
 */
record RejectedCertificate(String subject, String reason) {

    static RejectedCertificate of(X509Certificate[] chain, CertificateException refusal) {
        String subject = chain == null || chain.length == 0 ? null : CertificateNames.subject(chain[0]);
        return new RejectedCertificate(subject, reason(refusal));
    }

    /** The JDK's PKIX checks say why only through the exception types in the cause chain. */
    static String reason(Throwable refusal) {
        for (Throwable cause = refusal; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateExpiredException) {
                return "expired";
            }
            if (cause instanceof CertificateNotYetValidException) {
                return "not-yet-valid";
            }
            if (cause instanceof CertPathValidatorException invalid) {
                if (invalid.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                    return "expired";
                }
                if (invalid.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return "not-yet-valid";
                }
            }
            if (cause instanceof CertPathBuilderException) {
                return "untrusted-issuer";
            }
        }
        return "bad-certificate";
    }
}
