package io.lumee.fhirsink.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SubjectMode;
import io.lumee.fhirsink.FhirVersion;
import io.lumee.fhirsink.Readings;
import io.lumee.fhirsink.auth.Authorization;
import io.lumee.fhirsink.bundle.BundleMerger;
import io.lumee.fhirsink.bundle.BundleReader;
import io.lumee.fhirsink.bundle.ReadingGroup;
import io.lumee.fhirsink.bundle.SourceRecord;
import io.lumee.fhirsink.delivery.FhirTransactionClient;
import io.lumee.fhirsink.delivery.TransactionOutcome;
import io.lumee.testkit.fhir.FhirServer;
import io.lumee.testkit.fhir.FhirServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Merged transactions against the real HAPI FHIR JPA server: accepted, idempotent, and refused for the right reasons. */
class FhirTransactionClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BundleMerger MERGER = new BundleMerger(JSON);
    private static FhirServer server;
    private static FhirStore store;
    private static FhirTransactionClient client;

    @BeforeAll
    static void connect() throws Exception {
        server = FhirServers.r4();
        store = new FhirStore(server);
        client = FhirTransactionClient.create(FhirVersion.R4.newContext(), server.baseUrl(), SSLContext.getDefault(),
                List.of("TLSv1.3"), Duration.ofSeconds(5), Duration.ofSeconds(60), 2, Authorization.NONE);
        store.ensurePatients(List.of("client-mrn-1", "client-mrn-2"));
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    @Test
    void mergedTransactionOfOneDevicesReadingsPostedTwiceStoresEachOnce() {
        List<ProcessedReading> readings = IntStream.range(0, 20)
                .mapToObj(i -> Readings.reading("client-dev-" + i % 2, i, "client-mrn-" + (1 + i % 2))).toList();
        String merged = MERGER.merge(groups(readings, SubjectMode.LOOKUP));

        assertThat(client.post(merged)).isInstanceOf(TransactionOutcome.Stored.class);
        assertThat(client.post(merged)).isInstanceOf(TransactionOutcome.Stored.class);

        List<String> ids = SinkHarness.ids(readings);
        assertThat(store.observations(ids)).isEqualTo(20);
        assertThat(store.provenances(ids)).isEqualTo(20);
        assertThat(store.devices(List.of("client-dev-0", "client-dev-1"))).isEqualTo(2);
    }

    @Test
    void createModeMergedTransactionCreatesEachPatientOnce() {
        List<ProcessedReading> readings = IntStream.range(0, 12)
                .mapToObj(i -> Readings.reading("client-create-dev", i, "client-new-mrn-" + i % 3)).toList();

        assertThat(client.post(MERGER.merge(groups(readings, SubjectMode.CREATE)))).isInstanceOf(TransactionOutcome.Stored.class);

        assertThat(store.patients(List.of("client-new-mrn-0", "client-new-mrn-1", "client-new-mrn-2"))).isEqualTo(3);
        assertThat(store.observations(SinkHarness.ids(readings))).isEqualTo(12);
    }

    @Test
    void missingPatientIsRefused404AndADuplicatedOne412() {
        store.createPatient("client-twin");
        store.createPatient("client-twin");
        String missing = MERGER.merge(groups(List.of(Readings.reading("client-dev-x", 1, "client-nobody")), SubjectMode.LOOKUP));
        String twin = MERGER.merge(groups(List.of(Readings.reading("client-dev-x", 2, "client-twin")), SubjectMode.LOOKUP));

        TransactionOutcome noPatient = client.post(missing);
        TransactionOutcome twoPatients = client.post(twin);

        assertThat(noPatient).isInstanceOfSatisfying(TransactionOutcome.Refused.class, refused -> {
            assertThat(refused.httpStatus()).isEqualTo(404);
            assertThat(refused.body()).contains("HAPI-1091");
        });
        assertThat(twoPatients).isInstanceOfSatisfying(TransactionOutcome.Refused.class, refused -> {
            assertThat(refused.httpStatus()).isEqualTo(412);
            assertThat(refused.body()).as("HAPI 8.8 names a conditional reference matching several HAPI-2207").contains("HAPI-2207");
        });
    }

    /**
     * The conditional reference each reading carries must find exactly its patient whatever the identifier holds:
     * a value the server decoded or split differently would match nobody (404) or several (412).
     */
    @Test
    void identifiersWithSearchAndUrlSpecialsResolveToTheirOwnPatient() {
        List<String> awkward = List.of("ward/", "a&b=c", "x|y,z$", "müller #1 +2%", "?q/../r");
        awkward.forEach(store::createPatient);

        for (int i = 0; i < awkward.size(); i++) {
            ProcessedReading reading = Readings.reading("client-awkward-dev", i, awkward.get(i));
            assertThat(client.post(MERGER.merge(groups(List.of(reading), SubjectMode.LOOKUP))))
                    .as("reading for patient #%d", i).isInstanceOf(TransactionOutcome.Stored.class);
        }
    }

    @Test
    void aServerNobodyListensOnIsUnavailableNotRefused() throws Exception {
        try (FhirTransactionClient nowhere = FhirTransactionClient.create(FhirVersion.R4.newContext(),
                "http://127.0.0.1:" + io.lumee.testkit.LoopbackPorts.free() + "/fhir", SSLContext.getDefault(), List.of("TLSv1.3"),
                Duration.ofSeconds(2), Duration.ofSeconds(5), 1, Authorization.NONE)) {
            assertThat(nowhere.post(MERGER.merge(groups(List.of(Readings.reading("client-dev-y", 1, "client-mrn-1")),
                    SubjectMode.LOOKUP)))).isEqualTo(new TransactionOutcome.Unavailable("io", Optional.empty()));
        }
    }

    static List<ReadingGroup> groups(List<ProcessedReading> readings, SubjectMode mode) {
        BundleReader reader = new BundleReader(JSON);
        return IntStream.range(0, readings.size()).mapToObj(i -> {
            ProcessedReading reading = readings.get(i);
            byte[] value = Readings.bundle(FhirVersion.R4, reading, mode).getBytes(StandardCharsets.UTF_8);
            try {
                return reader.read(new SourceRecord("lumee.fhir.r4", 0, i, "k", value, Optional.of(Readings.headers(reading))));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }
}
