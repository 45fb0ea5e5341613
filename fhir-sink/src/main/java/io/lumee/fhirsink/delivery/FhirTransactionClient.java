package io.lumee.fhirsink.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.gclient.ITransactionTyped;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.fhirsink.auth.Authorization;
import io.lumee.fhirsink.auth.TokenUnavailable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/**
 * Posts a transaction Bundle (JSON text, as merged) to the FHIR server's base URL with HAPI's generic
 * client, and says what became of it. Never throws for an answer the server gave or a connection that
 * failed: those are outcomes. Thread-safe: the lanes share one client and its connection pool.
 */
public final class FhirTransactionClient implements AutoCloseable {
    /**
     * Answers that say "not now" rather than "never": timeouts, conflicts between concurrent writers,
     * rate limits, and authentication, which is the deployment's to fix, not the reading's fault.
     */
    private static final Set<Integer> RETRYABLE_4XX = Set.of(401, 403, 407, 408, 409, 423, 425, 429);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IGenericClient client;
    private final CloseableHttpClient http;
    private final Authorization authorization;
    private final ThreadLocal<Optional<Duration>> retryAfter = ThreadLocal.withInitial(Optional::empty);

    private FhirTransactionClient(IGenericClient client, CloseableHttpClient http, Authorization authorization) {
        this.client = client;
        this.http = http;
        this.authorization = authorization;
        client.registerInterceptor(new RetryAfterCapture());
    }

    /**
     * A client of {@code baseUrl} over its own connection pool ({@code connections} wide, one per lane),
     * TLS from {@code tls} with its protocols and host name verification, and no retries of its own: the
     * caller's retry policy decides.
     */
    public static FhirTransactionClient create(FhirContext context, String baseUrl, SSLContext tls, List<String> protocols,
            Duration connectTimeout, Duration requestTimeout, int connections, Authorization authorization) {
        int connectMillis = Math.toIntExact(connectTimeout.toMillis());
        CloseableHttpClient http = HttpClients.custom()
                .setSSLSocketFactory(new SSLConnectionSocketFactory(tls, protocols.toArray(String[]::new), null,
                        SSLConnectionSocketFactory.getDefaultHostnameVerifier()))
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(connectMillis)
                        .setConnectionRequestTimeout(connectMillis)
                        .setSocketTimeout(Math.toIntExact(requestTimeout.toMillis())).build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
        ApacheRestfulClientFactory factory = new ApacheRestfulClientFactory(context);
        factory.setHttpClient(http);
        // a transaction needs no capability statement first; asking for one would double the requests
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        context.setRestfulClientFactory(factory);
        IGenericClient client = factory.newGenericClient(baseUrl);
        client.setEncoding(EncodingEnum.JSON);
        return new FhirTransactionClient(client, http, authorization);
    }

    public TransactionOutcome post(String bundle) {
        retryAfter.remove();
        try {
            ITransactionTyped<String> transaction = client.transaction().withBundle(bundle);
            Optional<String> header = authorization.header();
            if (header.isPresent()) {
                transaction = transaction.withAdditionalHeader("Authorization", header.get());
            }
            String answer = transaction.execute();
            // a 2xx only counts when it is the server's transaction-response: a proxy or captive portal that
            // answers 200 with a page of its own has stored nothing, and the readings must be tried again
            return isTransactionResponse(answer)
                    ? new TransactionOutcome.Stored(200)
                    : new TransactionOutcome.Unavailable("unconfirmed", Optional.empty());
        } catch (TokenUnavailable noToken) {
            return new TransactionOutcome.Unavailable("token", Optional.empty());
        } catch (FhirClientConnectionException ioFailed) {
            return new TransactionOutcome.Unavailable("io", Optional.empty());
        } catch (BaseServerResponseException answered) {
            int status = answered.getStatusCode();
            if (status == 401) {
                authorization.refused();
            }
            if (status >= 400 && status < 500 && !RETRYABLE_4XX.contains(status)) {
                return new TransactionOutcome.Refused(status, answered.getResponseBody() == null ? "" : answered.getResponseBody());
            }
            return new TransactionOutcome.Unavailable(String.valueOf(status), retryAfter.get());
        }
    }

    private static boolean isTransactionResponse(String answer) {
        try {
            JsonNode bundle = JSON.readTree(answer == null ? "" : answer);
            return bundle != null && "Bundle".equals(bundle.path("resourceType").asText())
                    && "transaction-response".equals(bundle.path("type").asText());
        } catch (IOException notJson) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    /** HAPI's exceptions drop the response headers; the Retry-After is taken here, on the posting thread. */
    private final class RetryAfterCapture implements IClientInterceptor {
        @Override
        public void interceptRequest(IHttpRequest request) {
        }

        @Override
        public void interceptResponse(IHttpResponse response) {
            List<String> values = response.getHeaders("Retry-After");
            retryAfter.set(values == null || values.isEmpty()
                    ? Optional.empty()
                    : RetryPolicy.parseRetryAfter(values.get(0), Instant.now()));
        }
    }
}
