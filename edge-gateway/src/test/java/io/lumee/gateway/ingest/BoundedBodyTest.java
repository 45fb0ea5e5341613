package io.lumee.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    @Test
    void readsUpToTheLimitAndRefusesOneByteMore() throws Exception {
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[100]), 100)).hasValueSatisfying(b -> assertThat(b).hasSize(100));
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[101]), 100)).isEmpty();
    }

    @Test
    void readsArrivingChunksUpToTheLimitAndRefusesOneByteMore() throws Exception {
        assertThat(BoundedBody.readAsync(Content.Source.from(ByteBuffer.wrap(new byte[60]), ByteBuffer.wrap(new byte[40])), 100).get())
                .hasValueSatisfying(b -> assertThat(b).hasSize(100));
        assertThat(BoundedBody.readAsync(Content.Source.from(ByteBuffer.wrap(new byte[60]), ByteBuffer.wrap(new byte[41])), 100).get())
                .isEmpty();
    }

    @Test
    void gzipBombStopsAtTheLimit() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(new byte[50 * 1024 * 1024]);
        }

        BoundedBody.DecodedBody decoded = BoundedBody.decode(out.toByteArray(), ContentCoding.GZIP, 64 * 1024);

        assertThat(decoded).isInstanceOfSatisfying(BoundedBody.DecodedBody.Refused.class,
                refused -> assertThat(refused.refusal().status()).isEqualTo(413));
    }

    @Test
    void brokenGzipIsA400() {
        BoundedBody.DecodedBody decoded = BoundedBody.decode(new byte[] {31, -117, 8, 0, 1, 2}, ContentCoding.GZIP, 1024);

        assertThat(decoded).isInstanceOfSatisfying(BoundedBody.DecodedBody.Refused.class,
                refused -> assertThat(refused.refusal().reason()).isEqualTo("bad-gzip"));
    }
}
