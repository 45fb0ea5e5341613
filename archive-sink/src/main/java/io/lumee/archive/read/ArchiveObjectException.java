package io.lumee.archive.read;

/**
 * An archive object that fails a check, as one problem line {@code <check>: <key>: <detail>}; the detail
 * names checks and offsets, never record content.
 */
public final class ArchiveObjectException extends Exception {
    private final String check;
    private final String key;

    ArchiveObjectException(String check, String key, String detail) {
        super(check + ": " + key + ": " + detail);
        this.check = check;
        this.key = key;
    }

    /** missing, decrypt, digest, metadata or content. */
    public String check() {
        return check;
    }

    public String key() {
        return key;
    }
}
