package io.lumee.testkit.mllp;

import ca.uhn.hl7v2.util.SocketFactory;
import io.lumee.testkit.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HAPI's socket factory for the test EHR. HAPI binds its server socket to every interface
 * ({@code ss.bind(new InetSocketAddress(port))}); these server sockets bind 127.0.0.1 whatever they
 * are asked. For TLS they accept a plain connection and layer a server-mode TLS socket over it, with
 * the handshake done in {@code accept()} so a refused client never reaches HAPI's reader.
 */
final class LoopbackSocketFactory implements SocketFactory {
    /** What HAPI's StandardSocketFactory sets: its reader loops on short read timeouts. */
    private static final int ACCEPTED_SOCKET_TIMEOUT_MILLIS = 500;
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 5_000;

    private final SSLContext tls;
    private final SSLParameters tlsParameters;
    private final AcceptedConnections connections;

    LoopbackSocketFactory(SSLContext tls, SSLParameters tlsParameters, AcceptedConnections connections) {
        this.tls = tls;
        this.tlsParameters = tlsParameters;
        this.connections = connections;
    }

    @Override
    public Socket createSocket() {
        return new Socket();
    }

    @Override
    public Socket createTlsSocket() throws IOException {
        requireTls();
        return tls.getSocketFactory().createSocket();
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new LoopbackServerSocket(false);
    }

    @Override
    public ServerSocket createTlsServerSocket() throws IOException {
        requireTls();
        return new LoopbackServerSocket(true);
    }

    @Override
    public void configureNewAcceptedSocket(Socket socket) throws SocketException {
        socket.setSoTimeout(ACCEPTED_SOCKET_TIMEOUT_MILLIS);
    }

    private void requireTls() throws IOException {
        if (tls == null) {
            throw new IOException("this test EHR was started without TLS");
        }
    }

    private final class LoopbackServerSocket extends ServerSocket {
        private final boolean layerTls;

        LoopbackServerSocket(boolean layerTls) throws IOException {
            this.layerTls = layerTls;
        }

        @Override
        public void bind(SocketAddress endpoint, int backlog) throws IOException {
            int port = ((InetSocketAddress) endpoint).getPort();
            super.bind(new InetSocketAddress(InetAddress.getByName(LoopbackPorts.HOST), port), backlog);
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                Socket plain = super.accept();
                Socket socket = layerTls ? handshake(plain) : plain;
                if (socket != null) {
                    connections.add(socket);
                    return socket;
                }
            }
        }

        /** The TLS socket over {@code plain}, or null when the client failed the handshake. */
        private Socket handshake(Socket plain) throws IOException {
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, true);
            socket.setSSLParameters(tlsParameters);
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            try {
                socket.startHandshake();
                return socket;
            } catch (IOException refused) {
                // no certificate, a foreign one, a protocol we refuse, or a client that gave up
                connections.handshakeFailed();
                socket.close();
                return null;
            }
        }
    }
}
