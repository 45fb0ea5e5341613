package io.lumee.gateway;

import java.time.Duration;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The ingest listener: Jetty core (no servlet layer), TLS only, HTTP/2 (h2 chosen by ALPN) with
 * HTTP/1.1 for clients that do not offer it. Closing stops accepting, lets requests in flight finish
 * (bounded), then stops.
 */
public final class HttpsServer implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /**
     * A connection that sends nothing for this long is closed, also mid-body: bodies are read without
     * holding a thread, so this is what bounds a stalled body (slowloris) to a connection for a while.
     */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final Server server;
    private final ServerConnector connector;

    private HttpsServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    public static HttpsServer start(String host, int port, SslContextFactory.Server tls, SslHandshakeListener handshakes, Handler handler)
            throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("lumee-https");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.addCustomizer(new SecureRequestCustomizer());
        HttpConnectionFactory http11 = new HttpConnectionFactory(http);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http11.getProtocol());
        SslConnectionFactory ssl = new SslConnectionFactory(tls, alpn.getProtocol());
        ssl.addBean(handshakes);
        ServerConnector connector = new ServerConnector(server, ssl, alpn, h2, http11);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        server.setHandler(handler);
        server.setStopTimeout(STOP_GRACE.toMillis());
        server.start();
        return new HttpsServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (Exception failed) {
            throw new IllegalStateException("stopping the HTTPS listener failed", failed);
        }
    }
}
