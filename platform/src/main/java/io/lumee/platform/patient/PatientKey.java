package io.lumee.platform.patient;

import io.lumee.platform.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The patient key: lower-case hex HMAC-SHA256 over UTF-8 {@code system|value}, what stands for a
 * patient in Kafka keys, logs, metrics and audit records, so no identifier travels in clear. The key
 * comes from the file named by {@value #KEY_FILE_VARIABLE} (read it with
 * {@code ConfigReader.secret(PatientKey.KEY_FILE_VARIABLE)}); its bytes, without the trailing line
 * break, are the HMAC key.
 */
public final class PatientKey {

    public static final String KEY_FILE_VARIABLE = "LUMEE_PATIENT_KEY_FILE";

    /** RFC 2104 section 3: a key shorter than the hash output weakens the HMAC. */
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    // Mac instances are not thread-safe and Streams runs several threads
    private final ThreadLocal<Mac> mac;

    public PatientKey(Secret key) {
        byte[] bytes = key.bytes();
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the patient key must have at least " + MIN_KEY_BYTES + " bytes, it has " + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * The key for a patient identifier. A system holding {@code |} is refused, so that {@code system|value}
     * can be split only one way and two identifiers never share a key. Messages never repeat the inputs.
     */
    public String of(String system, String value) {
        if (system == null || system.isEmpty()) {
            throw new IllegalArgumentException("patient identifier system is empty");
        }
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("patient identifier value is empty");
        }
        if (system.indexOf('|') >= 0) {
            throw new IllegalArgumentException("patient identifier system contains '|'");
        }
        byte[] digest = mac.get().doFinal((system + "|" + value).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    private Mac newMac() {
        try {
            Mac instance = Mac.getInstance(ALGORITHM);
            instance.init(key);
            return instance;
        } catch (GeneralSecurityException unavailable) {
            // every Java runtime provides HmacSHA256 and takes any non-empty key
            throw new IllegalStateException(ALGORITHM + " unavailable", unavailable);
        }
    }
}
