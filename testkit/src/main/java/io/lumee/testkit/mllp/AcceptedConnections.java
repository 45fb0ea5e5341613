package io.lumee.testkit.mllp;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sockets the server accepted, numbered in order, so a received message can be tied to its
 * connection (HAPI hands the application the peer's port, which is unique on 127.0.0.1 among open
 * connections) and a scripted answer can write raw bytes to it or close it.
 */
final class AcceptedConnections {
    record Accepted(int id, Socket socket) { }

    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger handshakeFailures = new AtomicInteger();
    private final Map<Integer, Accepted> byPeerPort = new ConcurrentHashMap<>();

    void add(Socket socket) {
        Accepted connection = new Accepted(accepted.incrementAndGet(), socket);
        // a port is reused only after its earlier connection closed, so the newer entry is the live one
        byPeerPort.put(socket.getPort(), connection);
    }

    void handshakeFailed() {
        handshakeFailures.incrementAndGet();
    }

    Accepted byPeerPort(int port) {
        Accepted connection = byPeerPort.get(port);
        if (connection == null) {
            throw new IllegalStateException("no accepted connection from port " + port);
        }
        return connection;
    }

    int accepted() {
        return accepted.get();
    }

    int handshakeFailures() {
        return handshakeFailures.get();
    }

    /** Closes every open connection, as an interface engine restarting would. */
    void closeAll() {
        List<Accepted> open = new ArrayList<>(byPeerPort.values());
        for (Accepted connection : open) {
            try {
                connection.socket().close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }
}
