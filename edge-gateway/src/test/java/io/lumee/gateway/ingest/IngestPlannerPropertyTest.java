package io.lumee.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.gateway.identity.AccessPolicy;
import io.lumee.gateway.identity.ClientIdentity;
import io.lumee.gateway.identity.DeviceDirectory;
import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.MasterSecret;
import io.lumee.protocol.Reading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random and malformed bodies thrown at the planner, the part of the gateway that reads what clients
 * send: every answer is a 4xx with a reason, or items each produced or refused with a 4xx and a reason;
 * no exception escapes and nothing maps to a 5xx.
 */
class IngestPlannerPropertyTest {

    private static final String DEVICE = "lumee-prop";
    private static final int LIMIT = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JwsSigner SIGNER = JwsSigner.hs256(MasterSecret.of(1, new byte[32]), DEVICE);

    private final IngestPlanner planner = new IngestPlanner(new IngestLimits(LIMIT, 1000, 1_000_000),
            new AccessPolicy(new DeviceDirectory()), new DeviceRateLimiter(new IngestLimits(LIMIT, 1000, 1_000_000)));

    @Property(tries = 1000)
    void everyBodyIsAnsweredWithA4xxAndAReasonOrWithPlannedItems(
            @ForAll("contentTypes") String contentType, @ForAll("encodings") String encoding, @ForAll("bodies") byte[] body,
            @ForAll("identities") ClientIdentity identity) throws IOException {
        byte[] sent = "gzip".equals(encoding) ? Gzip.of(body) : body;

        IngestPlan plan = planner.plan(new IngestRequest(contentType, encoding, sent), identity, Instant.now(), "ingest-1");

        IngestAnswer answer;
        if (plan instanceof Refusal refusal) {
            assertThat(refusal.status()).isBetween(400, 499);
            assertThat(refusal.reason()).isNotBlank();
            assertThat(refusal.detail()).isNotBlank();
            answer = IngestAnswer.refused("ingest-1", refusal);
        } else {
            List<ItemResult> results = new ArrayList<>();
            for (ItemPlan item : ((IngestPlan.Items) plan).items()) {
                if (item instanceof ItemPlan.Produce produce) {
                    assertThat(produce.reading().getDeviceId()).isEqualTo(DEVICE);
                    assertThat(new String(body, StandardCharsets.UTF_8)).contains(produce.reading().getJws());
                    results.add(ItemResult.accepted(produce));
                } else {
                    ItemPlan.Refused refused = (ItemPlan.Refused) item;
                    assertThat(refused.outcome().status()).isBetween(400, 499);
                    assertThat(refused.reason()).isNotBlank();
                    assertThat(refused.detail()).isNotBlank();
                    results.add(ItemResult.of(refused));
                }
            }
            answer = IngestAnswer.items("ingest-1", results);
        }
        Statistics.collect(plan instanceof Refusal ? "refused whole" : "items");
        assertThat(answer.status()).isLessThan(500);
        assertThat(JSON.readTree(answer.json()).get("status").asInt()).isEqualTo(answer.status());
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(
                Arbitraries.of("application/jose", "application/json", "application/x-ndjson", "APPLICATION/JSON; charset=utf-8"),
                Arbitraries.of("text/plain", "", "application/", ";", "application/json;;;"),
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.just(null));
    }

    @Provide
    Arbitrary<String> encodings() {
        return Arbitraries.oneOf(Arbitraries.of("gzip", "identity", "GZIP", "br", ""), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<ClientIdentity> identities() {
        return Arbitraries.of(new ClientIdentity.Device(DEVICE), new ClientIdentity.Gateway("gw-1"),
                new ClientIdentity.Unidentified("no Lumee identity"));
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(LIMIT + 200),
                jwsBatches(),
                jsonish(),
                Arbitraries.strings().ofMaxLength(300).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                brokenGzip());
    }

    /** Valid JWSs, some mutated, laid out as any of the three bodies. */
    private Arbitrary<byte[]> jwsBatches() {
        Arbitrary<String> jws = Combinators.combine(Arbitraries.longs().between(0, 1_000), Arbitraries.integers().between(-1, 400),
                Arbitraries.chars().ascii()).as((sequence, at, replacement) -> {
                    String signed = SIGNER.sign(new Reading(DEVICE, 1, sequence, Instant.parse("2026-01-18T14:32:12.345Z"), 40.0, "%", 0.5, "1", "fw"));
                    return at < 0 || at >= signed.length() ? signed : signed.substring(0, at) + replacement + signed.substring(at + 1);
                });
        return Combinators.combine(jws.list().ofMaxSize(12), Arbitraries.of("json", "ndjson", "single", "json-with-junk"))
                .as((list, layout) -> switch (layout) {
                    case "json" -> jsonArray(list, "");
                    case "json-with-junk" -> jsonArray(list, ",1,null,{\"a\":[1]},[\"x\"]");
                    case "ndjson" -> String.join("\r\n", list);
                    default -> list.isEmpty() ? "" : list.get(0);
                })
                .map(text -> text.getBytes(StandardCharsets.UTF_8));
    }

    private Arbitrary<byte[]> jsonish() {
        return Arbitraries.strings().withChars("[]{},\":0123456789.abcdeE-\\ \n\t").ofMaxLength(200)
                .map(text -> text.getBytes(StandardCharsets.UTF_8));
    }

    private Arbitrary<byte[]> brokenGzip() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(bytes -> {
            byte[] zipped = Gzip.of(bytes);
            return java.util.Arrays.copyOf(zipped, Math.max(0, zipped.length - 3));
        });
    }

    private static String jsonArray(List<String> items, String junk) {
        StringBuilder json = new StringBuilder("[");
        items.forEach(item -> json.append(json.length() > 1 ? "," : "").append('"').append(item.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        return json.append(items.isEmpty() ? Optional.of(junk).map(j -> j.isEmpty() ? "" : j.substring(1)).get() : junk).append(']').toString();
    }
}
