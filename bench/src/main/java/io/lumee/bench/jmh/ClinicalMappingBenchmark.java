package io.lumee.bench.jmh;

import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.fhir.r4.R4BundleMapper;
import io.lumee.clinical.fhir.r5.R5BundleMapper;
import io.lumee.clinical.hl7.OruR01Mapper;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The processor's output step, one reading at a time: the FHIR R4 and R5 transaction Bundles built and
 * serialized to JSON, and the HL7 v2.5.1 ORU^R01 built and encoded to ER7, as ClinicalOutputs does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClinicalMappingBenchmark {
    private R4BundleMapper r4;
    private R5BundleMapper r5;
    private OruR01Mapper hl7;
    private ProcessedReading reading;

    @Setup
    public void setUp() {
        r4 = new R4BundleMapper();
        r5 = new R5BundleMapper();
        hl7 = new OruR01Mapper();
        reading = Fixtures.processed(1842);
    }

    @Benchmark
    public String fhirR4Json() {
        return r4.mapToJson(reading, Fixtures.MAPPING);
    }

    @Benchmark
    public Object fhirR4MapOnly() {
        return r4.map(reading, Fixtures.MAPPING);
    }

    @Benchmark
    public String fhirR5Json() {
        return r5.mapToJson(reading, Fixtures.MAPPING);
    }

    @Benchmark
    public String hl7Er7() {
        return hl7.mapToEr7(reading, Fixtures.MAPPING);
    }

    @Benchmark
    public Object hl7MapOnly() {
        return hl7.map(reading, Fixtures.MAPPING);
    }
}
