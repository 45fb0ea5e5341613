package io.lumee.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class BatchingTest {

    @Test
    void joseCarriesExactlyOneJws() {
        assertThat(new String(Batching.JOSE.body(List.of("a.b.c")), StandardCharsets.UTF_8)).isEqualTo("a.b.c");
        assertThatThrownBy(() -> Batching.JOSE.body(List.of("a.b.c", "d.e.f"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonIsAnArrayOfStringsEscapedAsJson() {
        assertThat(new String(Batching.JSON.body(List.of("a.b.c", "say \"hi\"")), StandardCharsets.UTF_8))
                .isEqualTo("[\"a.b.c\",\"say \\\"hi\\\"\"]");
    }

    @Test
    void ndjsonIsOneJwsALine() {
        assertThat(new String(Batching.NDJSON.body(List.of("a.b.c", "d.e.f")), StandardCharsets.UTF_8)).isEqualTo("a.b.c\nd.e.f\n");
    }

    @Test
    void gzipRoundTrips() throws IOException {
        byte[] body = Batching.NDJSON.body(List.of("a.b.c"));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(DeviceClient.gzip(body)))) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
    }
}
