package io.lumee.testkit.kms;

/** One KMS stand-in per test JVM, started on first use and shared by every test class in it. */
public final class KmsStandIns {
    private static KmsStandIn shared;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(KmsStandIns::stop, "lumee-kms-stand-in-stop"));
    }

    private KmsStandIns() {}

    public static synchronized KmsStandIn shared() {
        if (shared == null) {
            shared = KmsStandIn.start();
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
