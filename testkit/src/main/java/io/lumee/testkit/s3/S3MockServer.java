package io.lumee.testkit.s3;

import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.jvm.ChildJvm;
import io.lumee.testkit.jvm.ClasspathListing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * A real Adobe S3Mock 5.2.3 in a child JVM (it brings Spring Boot 4 and Spring 7), both connectors on
 * 127.0.0.1, objects in a temporary folder. Clients use {@link #endpoint()} (plain HTTP) with path-style
 * addressing, region {@link #REGION} and any credentials.
 *
 * <p>What S3Mock does and does not do, so tests assert the right thing: it stores versioning and the
 * Object Lock configuration of a bucket, and retention set with PutObjectRetention, but ignores the Object
 * Lock headers of a PutObject and never refuses a delete: tests assert what a client <em>requests</em>. It
 * accepts SSE-KMS only with a key it was told about, named in the header by its bare key id:
 * {@link #sseKmsKeyId()}.
 */
public final class S3MockServer implements AutoCloseable {
    public static final String VERSION = "5.2.3";
    public static final String REGION = "us-east-1";
    /** S3Mock checks no signature; SDK clients still need some credentials to sign with. */
    public static final String ACCESS_KEY_ID = "lumee-test";
    public static final String SECRET_ACCESS_KEY = "lumee-test-secret";

    static final String CLASSPATH_RESOURCE = "io/lumee/testkit/s3server/runtime.classpath";
    private static final String MAIN_CLASS = "com.adobe.testing.s3mock.S3MockApplication";
    private static final String LOOPBACK_CONFIG = "io.lumee.testkit.s3server.LoopbackConnectors";
    private static final String MAX_HEAP = "320m";

    private final ChildJvm jvm;
    private final Path dir;
    private final int port;
    private final String sseKmsKeyArn;

    private S3MockServer(ChildJvm jvm, Path dir, int port, String sseKmsKeyArn) {
        this.jvm = jvm;
        this.dir = dir;
        this.port = port;
        this.sseKmsKeyArn = sseKmsKeyArn;
    }

    /** Starts an empty store that accepts SSE-KMS with one key of its own; ready in 3-13 s. */
    public static S3MockServer start() {
        Path dir = TempDirs.create("s3mock");
        int port = LoopbackPorts.free();
        String keyArn = "arn:aws:kms:" + REGION + ":111122223333:key/" + UUID.randomUUID();
        try {
            ChildJvm jvm = ChildJvm.builder("s3mock", MAIN_CLASS)
                    .classpath(ClasspathListing.read(CLASSPATH_RESOURCE, "testkit-s3-server"))
                    .maxHeap(MAX_HEAP)
                    .jvmOption("-XX:TieredStopAtLevel=1")
                    // the extra plain-HTTP connector binds every interface unless pinned by this config class
                    .systemProperty("spring.main.sources", LOOPBACK_CONFIG)
                    .systemProperty("server.address", LoopbackPorts.HOST)
                    .systemProperty("server.port", String.valueOf(LoopbackPorts.free()))
                    .systemProperty("http.port", String.valueOf(port))
                    .systemProperty("com.adobe.testing.s3mock.store.root", dir.resolve("objects").toString())
                    .systemProperty("com.adobe.testing.s3mock.store.validKmsKeys", keyArn)
                    .systemProperty("com.adobe.testing.s3mock.store.region", REGION)
                    .systemProperty("logging.level.root", "WARN")
                    .systemProperty("spring.main.banner-mode", "off")
                    .workingDirectory(dir)
                    .readyWhenOk("http://" + LoopbackPorts.HOST + ":" + port + "/")
                    .startTimeout(Duration.ofSeconds(90))
                    .start();
            return new S3MockServer(jvm, dir, port, keyArn);
        } catch (RuntimeException e) {
            TempDirs.deleteQuietly(dir);
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}: use with path-style addressing. */
    public String endpoint() {
        return "http://" + LoopbackPorts.HOST + ":" + port;
    }

    /** The one SSE-KMS key this store accepts, as an ARN. */
    public String sseKmsKeyArn() {
        return sseKmsKeyArn;
    }

    /** The same key by its bare id, as a PutObject's {@code x-amz-server-side-encryption-aws-kms-key-id} must name it here. */
    public String sseKmsKeyId() {
        return sseKmsKeyArn.substring(sseKmsKeyArn.lastIndexOf('/') + 1);
    }

    public Path logFile() {
        return jvm.logFile();
    }

    @Override
    public void close() {
        jvm.close();
        TempDirs.deleteQuietly(dir);
    }

    @Override
    public String toString() {
        return "S3MockServer[" + endpoint() + "]";
    }
}
