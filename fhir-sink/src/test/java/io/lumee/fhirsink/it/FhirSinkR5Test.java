package io.lumee.fhirsink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SubjectMode;
import io.lumee.fhirsink.FhirVersion;
import io.lumee.fhirsink.Readings;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.testkit.fhir.FhirServer;
import io.lumee.testkit.fhir.FhirServers;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * R5 end to end, in CREATE mode: the bundles create their Patients, and the merger's collapsing of the
 * same Patient (and Device) within a transaction leaves exactly one of each on the server.
 */
class FhirSinkR5Test {
    private static final int READINGS = 1_000;
    private static final int DEVICES = 10;
    private static final int PATIENTS = 20;

    @Test
    void aThousandR5ReadingsLandOnceWithOnePatientAndOneDeviceEach() throws Exception {
        FhirServer server = FhirServers.r5();
        FhirStore store = new FhirStore(server);
        List<ProcessedReading> readings = IntStream.range(0, READINGS)
                .mapToObj(i -> Readings.reading("r5-dev-" + i % DEVICES, i / DEVICES, "r5-mrn-" + i % PATIENTS)).toList();
        SinkHarness.startGroupAtEnd("r5-run", FhirVersion.R5);
        SinkHarness.produce(FhirVersion.R5, readings, SubjectMode.CREATE);

        ServiceRuntime sink = SinkHarness.startSink(SinkHarness.environment(FhirVersion.R5, server.baseUrl(), "r5-run"));
        try {
            SinkHarness.awaitCaughtUp("r5-run", FhirVersion.R5, Duration.ofMinutes(4));
        } finally {
            sink.shutdown();
        }

        List<String> ids = SinkHarness.ids(readings);
        assertThat(store.observations(ids)).isEqualTo(READINGS);
        assertThat(store.provenances(ids)).isEqualTo(READINGS);
        assertThat(store.devices(IntStream.range(0, DEVICES).mapToObj(d -> "r5-dev-" + d).toList())).isEqualTo(DEVICES);
        assertThat(store.patients(IntStream.range(0, PATIENTS).mapToObj(p -> "r5-mrn-" + p).toList())).isEqualTo(PATIENTS);
        assertThat(SinkHarness.rejectionsOf(ids)).isEmpty();
    }
}
