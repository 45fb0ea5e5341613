package io.lumee.testkit.s3;

/**
 * One S3Mock per test JVM, started on first use and shared by every test class in it (each test uses its
 * own bucket), stopped when the JVM exits.
 */
public final class S3Servers {
    private static S3MockServer shared;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(S3Servers::stop, "lumee-s3-server-stop"));
    }

    private S3Servers() {}

    public static synchronized S3MockServer shared() {
        if (shared == null) {
            shared = S3MockServer.start();
        }
        return shared;
    }

    private static synchronized void stop() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }
}
