package io.lumee.testkit.mllp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A bare MLLP client for testing the server: one frame out, one frame (or nothing) back. */
final class MllpTestClient implements AutoCloseable {
    private final Socket socket;

    private MllpTestClient(Socket socket) {
        this.socket = socket;
    }

    static MllpTestClient connect(MllpServer server, SSLContext tls) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
        if (tls == null) {
            return new MllpTestClient(plain);
        }
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, server.host(), server.port(), true);
        socket.setEnabledProtocols(new String[] {"TLSv1.3"});
        socket.startHandshake();
        return new MllpTestClient(socket);
    }

    /** Sends one message and returns the answer frame's content; throws on timeout or a closed connection. */
    String exchange(String er7, Duration timeout) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(0x0b);
        out.write(er7.getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {0x1c, 0x0d});
        out.flush();
        socket.setSoTimeout((int) timeout.toMillis());
        InputStream in = socket.getInputStream();
        int first = in.read();
        if (first < 0) {
            throw new EOFException("connection closed");
        }
        if (first != 0x0b) {
            throw new IOException("not an MLLP frame: " + first);
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed mid-frame");
            }
            if (previous == 0x1c && b == 0x0d) {
                byte[] bytes = frame.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            frame.write(b);
            previous = b;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
