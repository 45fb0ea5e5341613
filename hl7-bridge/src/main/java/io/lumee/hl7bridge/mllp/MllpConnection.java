package io.lumee.hl7bridge.mllp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One MLLP connection (plain or TLS): a message goes out framed {@code 0x0B message 0x1C 0x0D} and
 * one frame comes back. Used by one thread at a time, one exchange at a time (original-mode
 * acknowledgement); {@link #close()} may come from another thread to abort an exchange.
 */
public final class MllpConnection implements AutoCloseable {
    static final int START_BLOCK = 0x0b;
    static final int END_BLOCK = 0x1c;
    static final int CARRIAGE_RETURN = 0x0d;
    /** An acknowledgement is a few hundred bytes; anything this large is not one. */
    static final int MAX_FRAME_BYTES = 1 << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    MllpConnection(Socket socket, Runnable onClose) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
        this.onClose = onClose;
    }

    /**
     * Sends {@code message} and returns the text of the frame that answers it.
     *
     * @throws SocketTimeoutException no complete answer within {@code timeout}
     * @throws EOFException the peer closed the connection
     * @throws GarbledFrameException the answer is not an MLLP frame
     * @throws IOException any other failure of the connection
     */
    public String exchange(String message, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        out.write(START_BLOCK);
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.write(END_BLOCK);
        out.write(CARRIAGE_RETURN);
        out.flush();
        return readFrame(deadline);
    }

    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // a connection we are discarding
        }
        onClose.run();
    }

    private String readFrame(long deadline) throws IOException {
        int b = read(deadline);
        // some engines end frames with a line break; tolerate line breaks between frames
        while (b == '\n' || b == '\r') {
            b = read(deadline);
        }
        if (b != START_BLOCK) {
            throw new GarbledFrameException("the answer does not start an MLLP frame");
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream(512);
        while ((b = read(deadline)) != END_BLOCK) {
            if (frame.size() >= MAX_FRAME_BYTES) {
                throw new GarbledFrameException("the answer exceeds " + MAX_FRAME_BYTES + " bytes");
            }
            frame.write(b);
        }
        if (read(deadline) != CARRIAGE_RETURN) {
            throw new GarbledFrameException("the answer's frame does not end with 0x1C 0x0D");
        }
        return frame.toString(StandardCharsets.UTF_8);
    }

    /** One byte, waiting on the socket only for what is left of the deadline. */
    private int read(long deadline) throws IOException {
        if (in.available() == 0) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("no acknowledgement in time");
            }
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
        }
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the peer closed the connection");
        }
        return b;
    }
}
