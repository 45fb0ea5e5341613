package io.lumee.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.gateway.identity.AccessPolicy;
import io.lumee.gateway.identity.ClientIdentity;
import io.lumee.gateway.identity.DeviceDirectory;
import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.MasterSecret;
import io.lumee.protocol.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Hostile neighbours never cost a good reading: whatever junk sits beside valid JWSs in a body (any JSON
 * value, broken JWSs, other devices' readings, blank and CRLF lines, gzip), every valid JWS of the
 * certificate's device is planned for Kafka at its own index, and every other item is refused with a
 * 4xx and a reason. Bodies built to hurt the parser (deep nesting, huge numbers, gzip of gzip, a BOM)
 * are refused whole with a 4xx, and no refusal detail ever quotes a reading value.
 */
class HostileBodyPropertyTest {

    private static final String DEVICE = "lumee-hostile";
    private static final int LIMIT = 256 * 1024;
    private static final JwsSigner SIGNER = JwsSigner.hs256(MasterSecret.of(1, new byte[32]), DEVICE);
    private static final JwsSigner OTHER = JwsSigner.hs256(MasterSecret.of(1, new byte[32]), "lumee-other");
    /** A distinctive value: it must never appear in what the gateway says back. */
    private static final double VALUE = 42.137;

    private IngestPlanner planner() {
        IngestLimits limits = new IngestLimits(LIMIT, 1000, 1_000_000);
        return new IngestPlanner(limits, new AccessPolicy(new DeviceDirectory()), new DeviceRateLimiter(limits));
    }

    /** One slot of a body: a good JWS of the device, or junk of some kind. */
    record Slot(String text, boolean good, boolean jsonString) {}

    @Property(tries = 300)
    void everyGoodReadingSurvivesAnyJunkBesideIt(@ForAll("slots") List<Slot> slots, @ForAll boolean ndjson, @ForAll boolean gzip,
            @ForAll boolean crlf, @ForAll @IntRange(max = 2) int blankLines) {
        StringBuilder body = new StringBuilder();
        List<Integer> goodIndexes = new ArrayList<>();
        if (ndjson) {
            String newline = crlf ? "\r\n" : "\n";
            int line = 0;
            for (Slot slot : slots) {
                for (int b = 0; b < blankLines; b++, line++) {
                    body.append("  ").append(newline);
                }
                if (slot.good()) {
                    goodIndexes.add(line);
                }
                body.append(crlf ? " " : "").append(slot.text().replace("\n", " ").replace("\r", " ")).append(newline);
                line++;
            }
        } else {
            body.append("[");
            for (int i = 0; i < slots.size(); i++) {
                Slot slot = slots.get(i);
                if (slot.good()) {
                    goodIndexes.add(i);
                }
                body.append(i > 0 ? "," : "").append(crlf ? "\r\n " : "")
                        .append(slot.jsonString() ? quoted(slot.text()) : slot.text());
            }
            body.append("]");
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);

        IngestPlan plan = planner().plan(new IngestRequest(ndjson ? "application/x-ndjson" : "application/json",
                gzip ? "gzip" : null, gzip ? Gzip.of(bytes) : bytes), new ClientIdentity.Device(DEVICE), Instant.now(), "ingest-h");

        if (slots.isEmpty() || (ndjson && slots.stream().allMatch(s -> s.text().isBlank()))) {
            assertThat(plan).isInstanceOf(Refusal.class);
            return;
        }
        assertThat(plan).as(body.toString()).isInstanceOf(IngestPlan.Items.class);
        List<Integer> produced = new ArrayList<>();
        for (ItemPlan item : ((IngestPlan.Items) plan).items()) {
            if (item instanceof ItemPlan.Produce produce) {
                produced.add(produce.index());
                assertThat(produce.reading().getDeviceId()).isEqualTo(DEVICE);
            } else {
                ItemPlan.Refused refused = (ItemPlan.Refused) item;
                assertThat(refused.outcome().status()).isBetween(400, 499);
                assertThat(refused.reason()).isNotBlank();
                assertThat(refused.detail()).doesNotContain(Double.toString(VALUE)).doesNotContain("7.77");
            }
        }
        assertThat(produced).as("every good reading is planned for Kafka at its index").isEqualTo(goodIndexes);
    }

    @Property(tries = 60)
    void bodiesBuiltToHurtTheParserAreRefusedWholeWithA4xx(@ForAll("hurtful") byte[] body, @ForAll boolean ndjson) {
        IngestPlan plan = planner().plan(new IngestRequest(ndjson ? "application/x-ndjson" : "application/json", "gzip", body),
                new ClientIdentity.Device(DEVICE), Instant.now(), "ingest-h");

        if (plan instanceof Refusal refusal) {
            assertThat(refusal.status()).isBetween(400, 499);
            assertThat(refusal.detail()).hasSizeLessThan(300);
        } else {
            assertThat(((IngestPlan.Items) plan).items()).allSatisfy(item -> assertThat(item).isInstanceOf(ItemPlan.Refused.class));
        }
    }

    @Provide
    Arbitrary<List<Slot>> slots() {
        Arbitrary<Slot> good = Arbitraries.longs().between(0, 1_000_000).map(sequence -> new Slot(SIGNER.sign(reading(DEVICE, sequence, 0.5)), true, true));
        Arbitrary<Slot> otherDevice = Arbitraries.longs().between(0, 1000).map(s -> new Slot(OTHER.sign(reading("lumee-other", s, 0.5)), false, true));
        // authentic shape but a signal quality out of range: refused, and the detail must not quote a value
        Arbitrary<Slot> badShape = Arbitraries.longs().between(0, 1000).map(s -> new Slot(SIGNER.sign(new String(reading(DEVICE, s, 0.5).toJson(),
                StandardCharsets.UTF_8).replace("\"signalQuality\":0.5", "\"signalQuality\":7.77").getBytes(StandardCharsets.UTF_8)), false, true));
        Arbitrary<Slot> brokenJws = Combinators.combine(good, Arbitraries.integers().between(0, 300), Arbitraries.of('.', '=', '!', ' ', 'A'))
                .as((slot, at, c) -> {
                    String jws = slot.text();
                    int i = Math.min(at, jws.length() - 1);
                    return new Slot(jws.substring(0, i) + c + jws.substring(i + 1), false, true);
                })
                .filter(slot -> !isParsable(slot.text()) && !isParsable(slot.text().strip()));
        Arbitrary<Slot> jsonJunk = Arbitraries.of("null", "1", "-0.0e7", "true", "{}", "{\"jws\":\"a.b.c\"}", "[]", "[[[\"x\"]]]",
                "\"\"", "\"\\u0000\"", "\"a.b.c\"", "\"\\ud800\"").map(text -> new Slot(text, false, false));
        Arbitrary<Slot> stringJunk = Arbitraries.strings().ofMaxLength(200).filter(text -> !text.isBlank()).map(text -> new Slot(text, false, true));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, good), net.jqwik.api.Tuple.of(1, otherDevice), net.jqwik.api.Tuple.of(1, badShape),
                        net.jqwik.api.Tuple.of(2, brokenJws), net.jqwik.api.Tuple.of(1, jsonJunk), net.jqwik.api.Tuple.of(2, stringJunk))
                .list().ofMaxSize(25);
    }

    @Provide
    Arbitrary<byte[]> hurtful() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(1_000, 50_000).map(depth -> Gzip.of(("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8))),
                Arbitraries.integers().between(2_000, 100_000).map(digits -> Gzip.of(("[" + "9".repeat(digits) + "]").getBytes(StandardCharsets.UTF_8))),
                Arbitraries.integers().between(1, 4).map(times -> {
                    byte[] bytes = ("[\"" + SIGNER.sign(reading(DEVICE, 1, 0.5)) + "\"]").getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i <= times; i++) {
                        bytes = Gzip.of(bytes);
                    }
                    return bytes; // gzip of gzip: the inner layers are not decoded, so this is not JSON
                }),
                Arbitraries.integers().between(LIMIT + 1, 4 * LIMIT).map(size -> Gzip.of(new byte[size])),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64).map(junk -> concat(Gzip.of("[".getBytes(StandardCharsets.UTF_8)), junk)));
    }

    private static boolean isParsable(String jws) {
        return io.lumee.protocol.UnverifiedJws.parse(jws) instanceof io.lumee.protocol.UnverifiedJws;
    }

    private static Reading reading(String deviceId, long sequence, double quality) {
        return new Reading(deviceId, 3, sequence, Instant.parse("2026-11-20T10:00:00.000Z"), VALUE, "%", quality, "1.3.0", "fw-2.4.1");
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
