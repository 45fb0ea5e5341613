package io.lumee.bench.jmh;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.JwsVerifier;
import io.lumee.protocol.MasterSecrets;
import io.lumee.protocol.RegisteredKey;
import io.lumee.protocol.Verification;
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

/** The processor's signature step: HS256 (HKDF device key from the master secret, then HMAC) and ES256. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JwsVerificationBenchmark {
    private JwsVerifier verifier;
    private String hs256Jws;
    private RegisteredKey hs256Key;
    private String es256Jws;
    private RegisteredKey es256Key;

    @Setup
    public void setUp() throws Exception {
        verifier = new JwsVerifier(MasterSecrets.of(Fixtures.MASTER));
        hs256Jws = Fixtures.jws(1842);
        hs256Key = RegisteredKey.hs256(Fixtures.DEVICE);
        ECKey pair = new ECKeyGenerator(Curve.P_256).keyID("device-key-1").generate();
        es256Jws = JwsSigner.es256(pair).sign(Fixtures.reading(1842));
        es256Key = RegisteredKey.es256(Fixtures.DEVICE, pair.toPublicJWK());
    }

    @Benchmark
    public Verification hs256() {
        return verifier.verify(hs256Jws, hs256Key);
    }

    @Benchmark
    public Verification es256() {
        return verifier.verify(es256Jws, es256Key);
    }
}
