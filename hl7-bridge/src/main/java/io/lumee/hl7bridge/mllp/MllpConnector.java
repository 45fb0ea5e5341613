package io.lumee.hl7bridge.mllp;

import io.lumee.hl7bridge.routing.MllpDestination;
import io.lumee.platform.tls.TlsContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLSocket;

/**
 * Opens MLLP connections, TLS per destination. The TLS material is loaded once, at start, so a wrong
 * store password stops the service instead of failing every connection. The server's certificate
 * must name the host dialled (checked as HTTPS checks it).
 */
public final class MllpConnector {
    private final Map<String, TlsContext> tls;
    private final Duration connectTimeout;
    private final ConnectionListener listener;

    /** Told when a connection to a destination opens and closes (the connection-up metric). */
    public interface ConnectionListener {
        void opened(String destination);

        void closed(String destination);
    }

    private MllpConnector(Map<String, TlsContext> tls, Duration connectTimeout, ConnectionListener listener) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.listener = listener;
    }

    public static MllpConnector create(List<MllpDestination> destinations, Duration connectTimeout, ConnectionListener listener)
            throws IOException, GeneralSecurityException {
        Map<String, TlsContext> contexts = new HashMap<>();
        for (MllpDestination destination : destinations) {
            if (destination.tls().isPresent()) {
                contexts.put(destination.name(), TlsContext.create(destination.tls().orElseThrow()));
            }
        }
        return new MllpConnector(contexts, Objects.requireNonNull(connectTimeout), Objects.requireNonNull(listener));
    }

    /** A new connection, TLS handshake done; connecting and the handshake each get the connect timeout. */
    public MllpConnection open(MllpDestination destination) throws IOException {
        String host = destination.address().host();
        int port = destination.address().port();
        int timeoutMillis = (int) connectTimeout.toMillis();
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            TlsContext context = tls.get(destination.name());
            if (context != null) {
                SSLSocket secured = (SSLSocket) context.sslContext().getSocketFactory().createSocket(socket, host, port, true);
                secured.setSSLParameters(context.clientParameters());
                secured.setSoTimeout(timeoutMillis);
                secured.startHandshake();
                socket = secured;
            }
        } catch (IOException failed) {
            closeQuietly(socket);
            throw failed;
        }
        listener.opened(destination.name());
        return new MllpConnection(socket, () -> listener.closed(destination.name()));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

}
