package io.lumee.gateway.tls;

import io.lumee.gateway.audit.AuditTrail;
import io.lumee.schemas.AuditAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;

/**
 * Counts and audits every failed TLS handshake on the ingest port. Such a client never reaches HTTP, so
 * this is the only trace of it: {@code lumee_tls_handshake_failures_total{reason}} and an
 * {@code AuditRecord} {@code TLS_HANDSHAKE_FAILED} naming the peer's address and, when it sent one, the
 * refused certificate's subject.
 */
public final class HandshakeAudit implements SslHandshakeListener {

    private final CertificateRejections rejections;
    private final AuditTrail audit;
    private final MeterRegistry meters;

    public HandshakeAudit(CertificateRejections rejections, AuditTrail audit, MeterRegistry meters) {
        this.rejections = rejections;
        this.audit = audit;
        this.meters = meters;
    }

    @Override
    public void handshakeFailed(Event event, Throwable failure) {
        SSLEngine engine = event.getSSLEngine();
        String address = engine.getPeerHost() == null ? "unknown" : engine.getPeerHost() + ":" + engine.getPeerPort();
        RejectedCertificate rejected = rejections.take(engine).orElse(new RejectedCertificate(null, reason(failure)));
        Counter.builder("lumee.tls.handshake.failures")
                .description("TLS handshakes on the ingest port that failed, by reason")
                .tag("reason", rejected.reason())
                .register(meters)
                .increment();
        String peer = rejected.subject() == null ? address : address + " subject=" + rejected.subject();
        audit.record(AuditAction.TLS_HANDSHAKE_FAILED, "refused", null, peer, rejected.reason(),
                "TLS handshake on the ingest port failed: " + message(failure));
    }

    /** Failures that never reached the trust manager: no certificate, a protocol mismatch, a dropped connection. */
    static String reason(Throwable failure) {
        String message = message(failure).toLowerCase(Locale.ROOT);
        if (message.contains("empty client certificate chain") || message.contains("certificate_required")) {
            return "no-certificate";
        }
        if (message.contains("protocol") || message.contains("cipher")) {
            return "protocol";
        }
        return "other";
    }

    private static String message(Throwable failure) {
        String message = failure == null ? null : failure.getMessage();
        if (message == null) {
            return failure == null ? "unknown" : failure.getClass().getSimpleName();
        }
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
