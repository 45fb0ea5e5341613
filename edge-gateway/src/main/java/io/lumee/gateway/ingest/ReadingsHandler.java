package io.lumee.gateway.ingest;

import io.lumee.gateway.audit.AuditTrail;
import io.lumee.gateway.identity.CertificateNames;
import io.lumee.gateway.identity.ClientIdentity;
import io.lumee.schemas.AuditAction;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /v1/readings}: reads the body within the limit, plans it, audits refusals of identity,
 * produces what may be produced and answers once Kafka has spoken or the produce timeout has passed. The
 * request thread is released while Kafka acknowledges.
 */
public final class ReadingsHandler extends Handler.Abstract {

    public static final String PATH = "/v1/readings";

    private final IngestPlanner planner;
    private final ReadingSender sender;
    private final AuditTrail audit;
    private final IngestMetrics metrics;
    private final int maxBodyBytes;
    private final Duration produceTimeout;

    public ReadingsHandler(IngestPlanner planner, ReadingSender sender, AuditTrail audit, MeterRegistry meters, IngestLimits limits,
            Duration produceTimeout) {
        this.planner = planner;
        this.sender = sender;
        this.audit = audit;
        this.metrics = new IngestMetrics(meters);
        this.maxBodyBytes = limits.maxBodyBytes();
        this.produceTimeout = produceTimeout;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String ingestId = UUID.randomUUID().toString();
        if (!PATH.equals(Request.getPathInContext(request))) {
            respond(response, callback, IngestAnswer.refused(ingestId, Refusal.of(404, "not-found", "only POST " + PATH + " is served here")));
            return true;
        }
        if (!HttpMethod.POST.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, HttpMethod.POST.asString());
            respond(response, callback, IngestAnswer.refused(ingestId, Refusal.of(405, "method-not-allowed", PATH + " takes POST only")));
            return true;
        }
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (request.getLength() > maxBodyBytes) {
            respond(response, callback, tooLarge(ingestId));
            return true;
        }
        // read without holding a thread: a slow or stalled body (slowloris) costs a connection until the idle
        // timeout cuts it, never one of the threads every other device is served by
        BoundedBody.readAsync(request, maxBodyBytes).whenComplete((body, dropped) -> {
            try {
                if (dropped instanceof TimeoutException) {
                    respond(response, callback, IngestAnswer.refused(ingestId, Refusal.of(408, "body-timeout",
                            "the body stopped arriving before its end")));
                } else if (dropped != null) {
                    callback.failed(dropped);
                } else if (body.isEmpty()) {
                    respond(response, callback, tooLarge(ingestId));
                } else {
                    ingest(request, response, callback, ingestId, receivedAt, body.get());
                }
            } catch (RuntimeException failed) {
                callback.failed(failed);
            }
        });
        return true;
    }

    private IngestAnswer tooLarge(String ingestId) {
        return IngestAnswer.refused(ingestId, Refusal.of(413, "body-too-large", "the body is larger than " + maxBodyBytes + " bytes"));
    }

    private void ingest(Request request, Response response, Callback callback, String ingestId, Instant receivedAt, byte[] body) {
        Optional<X509Certificate> certificate = clientCertificate(request);
        ClientIdentity identity = certificate.map(ClientIdentity::of)
                .orElse(new ClientIdentity.Unidentified("no client certificate"));
        metrics.bytes(body.length);
        IngestRequest ingest = new IngestRequest(request.getHeaders().get(HttpHeader.CONTENT_TYPE),
                request.getHeaders().get(HttpHeader.CONTENT_ENCODING), body);
        IngestPlan plan = planner.plan(ingest, identity, receivedAt, ingestId);
        String peer = peer(request, certificate);
        if (plan instanceof Refusal refusal) {
            if (refusal.status() == 403) {
                audit.record(AuditAction.ACCESS_DENIED, "refused", null, peer, refusal.reason(), refusal.detail());
            }
            respond(response, callback, IngestAnswer.refused(ingestId, refusal));
            return;
        }
        List<ItemPlan> items = ((IngestPlan.Items) plan).items();
        List<ItemResult> refused = new ArrayList<>();
        List<ItemPlan.Produce> produce = new ArrayList<>();
        Set<String> audited = new HashSet<>();
        for (ItemPlan item : items) {
            if (item instanceof ItemPlan.Produce ready) {
                produce.add(ready);
            } else {
                ItemPlan.Refused no = (ItemPlan.Refused) item;
                refused.add(ItemResult.of(no));
                // one audit line per device and reason in a request, so a looping gateway cannot flood the audit
                if (no.outcome() == ItemOutcome.FORBIDDEN && audited.add(no.deviceId().orElse("") + " " + no.reason())) {
                    audit.record(AuditAction.ACCESS_DENIED, "refused", no.deviceId().orElse(null), peer, no.reason(), no.detail());
                }
            }
        }
        sender.sendAll(produce, produceTimeout).whenComplete((sent, impossible) -> {
            List<ItemResult> results = new ArrayList<>(refused);
            results.addAll(sent);
            results.forEach(metrics::item);
            respond(response, callback, IngestAnswer.items(ingestId, results));
        });
    }

    private void respond(Response response, Callback callback, IngestAnswer answer) {
        metrics.request(answer.status());
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, IngestAnswer.CONTENT_TYPE);
        answer.retryAfter().ifPresent(wait -> response.getHeaders().put(HttpHeader.RETRY_AFTER, IngestAnswer.seconds(wait)));
        response.write(true, ByteBuffer.wrap(answer.json()), callback);
    }

    private static Optional<X509Certificate> clientCertificate(Request request) {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls) {
            X509Certificate[] chain = tls.peerCertificates();
            if (chain != null && chain.length > 0) {
                return Optional.of(chain[0]);
            }
        }
        return Optional.empty();
    }

    private static String peer(Request request, Optional<X509Certificate> certificate) {
        String address = request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
                : String.valueOf(request.getConnectionMetaData().getRemoteSocketAddress());
        return certificate.map(c -> address + " subject=" + CertificateNames.subject(c)).orElse(address);
    }
}
