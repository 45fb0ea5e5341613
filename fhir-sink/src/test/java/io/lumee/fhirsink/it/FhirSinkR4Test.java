package io.lumee.fhirsink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SubjectMode;
import io.lumee.fhirsink.FhirVersion;
import io.lumee.fhirsink.Readings;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import io.lumee.testkit.fhir.FhirServer;
import io.lumee.testkit.fhir.FhirServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sink as a service on R4, against the real broker, registry and HAPI FHIR JPA server: 10,000
 * readings' bundles (LOOKUP mode) with five the server must refuse mixed in, the server stopped for
 * 30 s in the middle of the run, then a replay of the whole topic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FhirSinkR4Test {
    static final int READINGS = 10_000;
    private static final int DEVICES = 100;
    private static final int PATIENTS = 40;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final String GROUP = "r4-run";

    private static FhirServer server;
    private static FhirStore store;
    private static ServiceRuntime sink;
    private static final List<ProcessedReading> good = new ArrayList<>();
    private static final List<ProcessedReading> missingPatient = new ArrayList<>();
    private static final List<ProcessedReading> twinPatient = new ArrayList<>();
    private static Map<String, byte[]> produced;
    private static boolean readinessSawTheOutage;
    private static Duration runTime;

    @BeforeAll
    static void runTheSinkThroughAnOutage() throws Exception {
        server = FhirServers.r4();
        store = new FhirStore(server);
        store.ensurePatients(IntStream.range(0, PATIENTS).mapToObj(FhirSinkR4Test::mrn).toList());
        store.createPatient("r4-twin");
        store.createPatient("r4-twin");

        List<ProcessedReading> all = new ArrayList<>();
        for (int i = 0; i < READINGS; i++) {
            int device = i % DEVICES;
            ProcessedReading reading = Readings.reading("r4-dev-" + device, i / DEVICES, mrn(device % PATIENTS));
            good.add(reading);
            all.add(reading);
            // the bad ones sit between good readings of the same device and patient partition
            if (i % 2000 == 1000) {
                ProcessedReading bad = i % 4000 == 1000
                        ? Readings.reading("r4-dev-" + device, 500 + i / 2000, "r4-nobody-" + i)
                        : Readings.reading("r4-dev-" + device, 500 + i / 2000, "r4-twin");
                (bad.patient().value().equals("r4-twin") ? twinPatient : missingPatient).add(bad);
                all.add(bad);
            }
        }
        SinkHarness.startGroupAtEnd(GROUP, FhirVersion.R4);
        long start = SinkHarness.endOfTopic(FhirVersion.R4);
        produced = SinkHarness.produce(FhirVersion.R4, all, SubjectMode.LOOKUP);

        long began = System.nanoTime();
        sink = SinkHarness.startSink(SinkHarness.environment(FhirVersion.R4, server.baseUrl(), GROUP));
        while (SinkHarness.committed(GROUP, FhirVersion.R4) - start < all.size() * 3L / 10) {
            Thread.sleep(200);
        }
        server.stop();
        long down = System.nanoTime();
        while (System.nanoTime() - down < OUTAGE.toNanos()) {
            String ready = SinkHarness.management(sink, "/readyz").body();
            readinessSawTheOutage |= ready.contains("fhir-r4-server");
            Thread.sleep(500);
        }
        server.start();
        SinkHarness.awaitCaughtUp(GROUP, FhirVersion.R4, Duration.ofMinutes(6));
        runTime = Duration.ofNanos(System.nanoTime() - began);
        System.out.printf("fhir-sink R4: %d readings in %d s, including a %d s outage and the server's restart%n",
                all.size(), runTime.toSeconds(), OUTAGE.toSeconds());
    }

    @AfterAll
    static void stop() {
        if (sink != null) {
            sink.shutdown();
        }
    }

    @Test
    @Order(1)
    void everyReadingLandsOnceThoughTheServerWasAwayForThirtySeconds() {
        List<String> ids = SinkHarness.ids(good);

        assertThat(store.observations(ids)).isEqualTo(READINGS);
        assertThat(store.provenances(ids)).isEqualTo(READINGS);
        assertThat(store.devices(IntStream.range(0, DEVICES).mapToObj(d -> "r4-dev-" + d).toList())).isEqualTo(DEVICES);
        assertThat(readinessSawTheOutage).as("/readyz named the unreachable FHIR server during the outage").isTrue();
    }

    @Test
    @Order(2)
    void refusedBundlesEndOnTheDlqOnceWithTheirOutcomeWhileTheirNeighboursLand() {
        List<ProcessedReading> bad = new ArrayList<>(missingPatient);
        bad.addAll(twinPatient);
        List<Rejection> rejections = SinkHarness.rejectionsOf(SinkHarness.ids(bad));

        assertThat(rejections).extracting(Rejection::getReadingId).containsExactlyInAnyOrderElementsOf(SinkHarness.ids(bad));
        assertThat(rejections).allSatisfy(rejection -> {
            assertThat(rejection.getReason()).isEqualTo(RejectionReason.SINK_REJECTED);
            assertThat(rejection.getStage()).isEqualTo("fhir-sink");
            assertThat(rejection.getSourceTopic()).isEqualTo("lumee.fhir.r4");
            assertThat(bytes(rejection)).isEqualTo(produced.get(rejection.getReadingId()));
            assertThat(rejection.getDetail()).doesNotContain("r4-nobody", "r4-twin").contains("Patient?identifier=***");
        });
        Map<String, String> details = rejections.stream().collect(Collectors.toMap(Rejection::getReadingId, Rejection::getDetail));
        missingPatient.forEach(r -> assertThat(details.get(r.readingId())).startsWith("HTTP 404").contains("HAPI-1091"));
        twinPatient.forEach(r -> assertThat(details.get(r.readingId())).startsWith("HTTP 412").contains("HAPI-2207"));
        assertThat(store.observations(SinkHarness.ids(bad))).isZero();
    }

    @Test
    @Order(3)
    void metricsCountRequestsRetriesLatencyAndLag() throws Exception {
        String metrics = SinkHarness.management(sink, "/metrics").body();

        assertThat(metrics).containsPattern("lumee_sink_requests_total\\{sink=\"fhir-r4\",status=\"200\"} [1-9]")
                .containsPattern("lumee_sink_requests_total\\{sink=\"fhir-r4\",status=\"404\"} [1-9]")
                .containsPattern("lumee_sink_requests_total\\{sink=\"fhir-r4\",status=\"io\"} [1-9]")
                .containsPattern("lumee_sink_retries_total\\{sink=\"fhir-r4\"} [1-9]")
                .containsPattern("lumee_latency_seconds_count\\{from=\"device\",to=\"fhir\"} " + READINGS + "(\\.0)?\n")
                .containsPattern("lumee_latency_seconds_count\\{from=\"gateway\",to=\"fhir\"} " + READINGS + "(\\.0)?\n")
                .containsPattern("lumee_consumer_lag\\{group=\"r4-run-r4\",topic=\"lumee.fhir.r4\"} 0\\.0");
    }

    @Test
    @Order(4)
    void replayFromOffsetZeroChangesNoCount() throws Exception {
        sink.shutdown();
        SinkHarness.rewindGroup(GROUP, FhirVersion.R4);
        sink = SinkHarness.startSink(SinkHarness.environment(FhirVersion.R4, server.baseUrl(), GROUP));

        SinkHarness.awaitCaughtUp(GROUP, FhirVersion.R4, Duration.ofMinutes(5));

        List<String> ids = SinkHarness.ids(good);
        assertThat(store.observations(ids)).isEqualTo(READINGS);
        assertThat(store.provenances(ids)).isEqualTo(READINGS);
        assertThat(store.devices(IntStream.range(0, DEVICES).mapToObj(d -> "r4-dev-" + d).toList())).isEqualTo(DEVICES);
        assertThat(store.patients(List.of("r4-twin"))).isEqualTo(2);
    }

    private static byte[] bytes(Rejection rejection) {
        byte[] original = new byte[rejection.getOriginal().remaining()];
        rejection.getOriginal().duplicate().get(original);
        return original;
    }

    private static String mrn(int patient) {
        return "r4-mrn-" + patient;
    }
}
