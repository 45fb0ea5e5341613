package io.lumee.bench.jmh;

import io.lumee.processor.rules.Verdict;
import io.lumee.processor.units.NormalizedValue;
import io.lumee.processor.units.PressureUnit;
import io.lumee.processor.units.UnitNormalizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The processor's unit step: the common case (percent, kept) and a conversion (fraction to percent). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class UnitNormalizationBenchmark {
    private final UnitNormalizer normalizer = new UnitNormalizer(PressureUnit.MM_HG);

    @Benchmark
    public Verdict<NormalizedValue> percent() {
        return normalizer.normalize(42.5, "%");
    }

    @Benchmark
    public Verdict<NormalizedValue> fractionConverted() {
        return normalizer.normalize(0.425, "fraction");
    }
}
