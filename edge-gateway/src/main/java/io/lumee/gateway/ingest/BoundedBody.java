package io.lumee.gateway.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.io.Content;

/**
 * Reads a body, or inflates a gzipped one, never past a limit: a 1 KiB gzip bomb can inflate to
 * gigabytes, so decompression stops one byte after the limit instead of trusting the sender.
 */
public final class BoundedBody {

    private static final int CHUNK = 16 * 1024;

    private BoundedBody() {}

    /** At most {@code limit} bytes from {@code in}; empty when there are more. */
    public static Optional<byte[]> read(InputStream in, int limit) throws IOException {
        byte[] buffer = new byte[Math.min(limit + 1, CHUNK)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length > limit) {
                    return Optional.empty();
                }
                buffer = Arrays.copyOf(buffer, Math.min(limit + 1, buffer.length * 2));
            }
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                return Optional.of(Arrays.copyOf(buffer, length));
            }
            length += read;
        }
    }

    /**
     * At most {@code limit} bytes from {@code source}, read as they arrive without blocking a thread; empty
     * when there are more, failed when the source fails (the client went away, the idle timeout struck).
     */
    public static CompletableFuture<Optional<byte[]>> readAsync(Content.Source source, int limit) {
        CompletableFuture<Optional<byte[]>> body = new CompletableFuture<>();
        new AsyncRead(source, limit, body).run();
        return body;
    }

    /** One body's read loop; a plain Runnable, so Jetty runs each demand callback on a pool thread, never a selector. */
    private static final class AsyncRead implements Runnable {
        private final Content.Source source;
        private final int limit;
        private final CompletableFuture<Optional<byte[]>> body;
        private byte[] buffer = new byte[0];
        private int length;

        AsyncRead(Content.Source source, int limit, CompletableFuture<Optional<byte[]>> body) {
            this.source = source;
            this.limit = limit;
            this.body = body;
        }

        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = source.read();
                if (chunk == null) {
                    source.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    body.completeExceptionally(chunk.getFailure());
                    return;
                }
                boolean fits = append(chunk);
                boolean last = chunk.isLast();
                chunk.release();
                if (!fits) {
                    body.complete(Optional.empty());
                    return;
                }
                if (last) {
                    body.complete(Optional.of(Arrays.copyOf(buffer, length)));
                    return;
                }
            }
        }

        private boolean append(Content.Chunk chunk) {
            int size = chunk.remaining();
            if (size > limit - length) {
                return false;
            }
            if (length + size > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(limit, Math.max(length + size, Math.max(CHUNK, buffer.length * 2))));
            }
            chunk.getByteBuffer().get(buffer, length, size);
            length += size;
            return true;
        }
    }

    /** The body decoded as its {@code Content-Encoding} says, or the refusal: 413 past the limit, 400 for broken gzip. */
    static DecodedBody decode(byte[] body, ContentCoding coding, int limit) {
        if (body.length > limit) {
            return new DecodedBody.Refused(Refusal.of(413, "body-too-large", "the body is larger than " + limit + " bytes"));
        }
        if (coding == ContentCoding.IDENTITY) {
            return new DecodedBody.Decoded(body);
        }
        try (InputStream inflating = new GZIPInputStream(new ByteArrayInputStream(body), CHUNK)) {
            return read(inflating, limit)
                    .<DecodedBody>map(DecodedBody.Decoded::new)
                    .orElseGet(() -> new DecodedBody.Refused(Refusal.of(413, "body-too-large",
                            "the body inflates to more than " + limit + " bytes")));
        } catch (IOException | RuntimeException broken) {
            // the JDK's zip messages say nothing of the content; the class is enough for the client
            return new DecodedBody.Refused(Refusal.of(400, "bad-gzip", "the body is not valid gzip (" + broken.getClass().getSimpleName() + ")"));
        }
    }

    /** A decoded body or why there is none. */
    sealed interface DecodedBody permits DecodedBody.Decoded, DecodedBody.Refused {
        record Decoded(byte[] bytes) implements DecodedBody {
        }

        record Refused(Refusal refusal) implements DecodedBody {
        }
    }
}
