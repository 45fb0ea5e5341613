package io.lumee.protocol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The master secret versions a verifier accepts; during a rotation, the old and the new. */
public final class MasterSecrets {

    private final Map<String, MasterSecret> byKid;

    private MasterSecrets(Map<String, MasterSecret> byKid) {
        this.byKid = Collections.unmodifiableMap(byKid);
    }

    public static MasterSecrets of(MasterSecret... secrets) {
        return of(List.of(secrets));
    }

    public static MasterSecrets of(Collection<MasterSecret> secrets) {
        // In version order, so kids() and failure details read the same every time.
        Map<String, MasterSecret> byKid = new LinkedHashMap<>();
        List<MasterSecret> ordered = new ArrayList<>(secrets);
        ordered.sort(Comparator.comparingInt(MasterSecret::version));
        for (MasterSecret secret : ordered) {
            if (byKid.putIfAbsent(secret.kid(), secret) != null) {
                throw new IllegalArgumentException("master secret version " + secret.version() + " given twice");
            }
        }
        return new MasterSecrets(byKid);
    }

    /** The secret whose {@link MasterSecret#kid()} is exactly this kid, so {@code hkdf:01} names none. */
    public Optional<MasterSecret> byKid(String kid) {
        return Optional.ofNullable(byKid.get(kid));
    }

    /** The active kids, oldest version first. */
    public Set<String> kids() {
        return byKid.keySet();
    }

    @Override
    public String toString() {
        return "MasterSecrets" + byKid.keySet();
    }
}
