package io.lumee.archive.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code archive verify} found: one summary line per partition, one line per problem, and counts. Lines
 * name partitions, offsets, object keys and reading ids, never a reading value or a patient identifier.
 */
public final class VerifyReport {
    private final List<String> summary = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private long objects;
    private long records;
    private long readingsVerified;
    private long readingsRefusedAtIngest;
    private long readingsOnHold;
    private long notReadings;

    void summary(String line) {
        summary.add(line);
    }

    void problem(String line) {
        problems.add(line);
    }

    void object(int recordCount) {
        objects++;
        records += recordCount;
    }

    void readingVerified() {
        readingsVerified++;
    }

    void readingRefusedAtIngest() {
        readingsRefusedAtIngest++;
    }

    void readingOnHold() {
        readingsOnHold++;
    }

    void notAReading() {
        notReadings++;
    }

    public boolean clean() {
        return problems.isEmpty();
    }

    public List<String> summary() {
        return List.copyOf(summary);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public long objects() {
        return objects;
    }

    public long records() {
        return records;
    }

    public long readingsVerified() {
        return readingsVerified;
    }

    /** Readings whose signature fails and that the archived audit trail shows the pipeline refused. */
    public long readingsRefusedAtIngest() {
        return readingsRefusedAtIngest;
    }

    /**
     * Readings of a device with no archived registration that the audit trail shows on hold: nothing can
     * verify them yet, and nothing has been made of them.
     */
    public long readingsOnHold() {
        return readingsOnHold;
    }

    /** lumee.raw records that are not readings at all (the processor rejects them as SCHEMA). */
    public long notReadings() {
        return notReadings;
    }

    /** The closing line: totals and the verdict. */
    public String verdict() {
        return objects + " objects, " + records + " records, " + readingsVerified + " readings verified, "
                + readingsRefusedAtIngest + " refused at ingest, " + readingsOnHold + " on hold (device not registered), "
                + notReadings + " not readings: "
                + (clean() ? "clean" : problems.size() + " problems");
    }
}
