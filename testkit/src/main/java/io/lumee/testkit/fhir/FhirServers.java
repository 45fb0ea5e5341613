package io.lumee.testkit.fhir;

import io.lumee.testkit.TestServers;
import java.util.EnumMap;
import java.util.Map;

/**
 * One FHIR server per version per test JVM, started on first use (each takes ~15-25 s and ~1 GB) and
 * shared by every test class in it, stopped when the JVM exits. Their secured connectors use
 * {@link TestServers#ca()}.
 */
public final class FhirServers {
    private static final Map<FhirVersion, FhirServer> STARTED = new EnumMap<>(FhirVersion.class);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(FhirServers::stopAll, "lumee-fhir-servers-stop"));
    }

    private FhirServers() {}

    public static FhirServer r4() {
        return shared(FhirVersion.R4);
    }

    public static FhirServer r5() {
        return shared(FhirVersion.R5);
    }

    public static synchronized FhirServer shared(FhirVersion version) {
        return STARTED.computeIfAbsent(version, v -> FhirServer.start(v, TestServers.ca()));
    }

    private static synchronized void stopAll() {
        STARTED.values().forEach(FhirServer::close);
        STARTED.clear();
    }
}
