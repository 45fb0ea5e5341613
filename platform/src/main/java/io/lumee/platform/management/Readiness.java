package io.lumee.platform.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named checks behind {@code /readyz}. Names are fixed words chosen by the service (they appear in
 * the response), never data, so no reading or patient value can leak through them.
 */
public final class Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final Map<String, ReadinessCheck> checks = new LinkedHashMap<>();

    public synchronized void register(String name, ReadinessCheck check) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a readiness check name is lower-case letters, digits and dashes: \"" + name + "\"");
        }
        if (checks.putIfAbsent(name, check) != null) {
            throw new IllegalArgumentException("readiness check already registered: " + name);
        }
    }

    /** The names of the checks that do not pass now, in registration order; a check that throws does not pass. */
    public List<String> failing() {
        Map<String, ReadinessCheck> current;
        synchronized (this) {
            current = new LinkedHashMap<>(checks);
        }
        List<String> failing = new ArrayList<>();
        current.forEach((name, check) -> {
            if (!passes(name, check)) {
                failing.add(name);
            }
        });
        return failing;
    }

    private static boolean passes(String name, ReadinessCheck check) {
        try {
            return check.isReady();
        } catch (RuntimeException broken) {
            // probes come every few seconds: one line each, not a stack trace each
            LOG.warn("readiness check {} threw {}", name, broken.toString());
            return false;
        }
    }
}
