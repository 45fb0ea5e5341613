package io.lumee.devstack;

import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.MasterSecret;
import io.lumee.protocol.Reading;
import io.lumee.protocol.client.Batching;
import io.lumee.protocol.client.DeviceClient;
import io.lumee.protocol.client.PostResult;
import io.lumee.schemas.RejectionReason;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;

/**
 * One device of the fleet: it reads on each tick, signs the reading with its HKDF-derived key and posts
 * it over mutual TLS with the reference client, keeping what could not be delivered to send again, as
 * firmware does. Its faults, when it has any, are part of its character: written to the ledger with
 * the outcome they must have.
 */
final class SimulatedDevice {
    enum Kind { REGULAR, FORGER, SKEWED_CLOCK, UNKNOWN, REVOKED }

    private static final SecureRandom EPOCHS = new SecureRandom();

    private final String deviceId;
    private final Kind kind;
    private final boolean faults;
    private final DeviceClient client;
    private final JwsSigner signer;
    private final SignalModel signal;
    private final Ledger ledger;
    private final Deque<Pending> outbox = new ArrayDeque<>();
    private final List<Pending> history = new ArrayList<>();
    private volatile Patients patients;
    private int epoch = EPOCHS.nextInt(Integer.MAX_VALUE);
    private long sequence;
    private long ticks;
    private Pending heldBack;
    private volatile Instant pausedUntil = Instant.MIN;

    /** A JWS on its way, with whether a send of it already happened (so a resend may be a duplicate). */
    private record Pending(String readingId, String jws, boolean sentBefore) {}

    /** The patient in force from a time on: a device reassigned mid-run maps each reading by its time. */
    record Patients(String before, Instant switchAt, String after) {
        static Patients only(String patient) {
            return new Patients(patient, Instant.MAX, patient);
        }

        String at(Instant deviceTime) {
            return deviceTime.isBefore(switchAt) ? before : after;
        }
    }

    SimulatedDevice(String deviceId, Kind kind, boolean faults, DeviceClient client, MasterSecret master,
                    Patients patients, Ledger ledger, long seed) {
        this.deviceId = deviceId;
        this.kind = kind;
        this.faults = faults;
        this.client = client;
        this.signer = JwsSigner.hs256(master, deviceId);
        this.signal = new SignalModel(seed);
        this.patients = patients;
        this.ledger = ledger;
    }

    String deviceId() {
        return deviceId;
    }

    Kind kind() {
        return kind;
    }

    /** Stops reading for a while: a reassignment must reach the processor before the next reading does. */
    void pause(Duration duration) {
        pausedUntil = Instant.now().plus(duration);
    }

    void reassign(Patients reassigned) {
        this.patients = reassigned;
    }

    synchronized void tick() {
        ticks++;
        flushOutbox();
        if (Instant.now().isBefore(pausedUntil)) {
            return;
        }
        if (faults && kind == Kind.REGULAR && ticks == 15 && deviceId.endsWith("2")) {
            // a battery swap: the counter is lost, a fresh epoch keeps ids unique
            epoch = EPOCHS.nextInt(Integer.MAX_VALUE);
            sequence = 0;
        }
        if (signal.dropout()) {
            sequence++;
            return;
        }
        Pending reading = read();
        if (faults && kind == Kind.REGULAR && ticks % 30 == 7 && heldBack == null) {
            heldBack = reading;
            return;
        }
        send(reading);
        if (heldBack != null) {
            send(heldBack);
            heldBack = null;
        }
        if (faults && kind == Kind.REGULAR) {
            if (ticks % 25 == 3 && history.size() > 1) {
                resend(history.get(history.size() - 1));
            }
            if (ticks % 40 == 11 && history.size() > 10) {
                resend(history.get(history.size() - 10));
            }
        }
    }

    /** Sends what is still waiting; the fleet calls it at the end until nothing is left. */
    synchronized int flushOutbox() {
        int waiting = outbox.size();
        for (int i = 0; i < waiting; i++) {
            Pending pending = outbox.poll();
            if (pending.sentBefore()) {
                ledger.uncertainResend(pending.readingId());
            }
            post(pending);
        }
        if (heldBack != null && outbox.isEmpty()) {
            send(heldBack);
            heldBack = null;
        }
        return outbox.size();
    }

    private Pending read() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant deviceTime = kind == Kind.SKEWED_CLOCK ? now.plus(Duration.ofHours(1)) : now;
        SignalModel.Sample sample = signal.next();
        boolean badUnit = faults && kind == Kind.REGULAR && ticks % 50 == 17;
        Reading reading = new Reading(deviceId, epoch, sequence++, deviceTime, sample.tissueO2(),
                badUnit ? "furlongs" : "%", sample.signalQuality(), "1.3.0", "fw-2.4.1");
        String jws = signer.sign(reading);
        String readingId = reading.readingId();
        boolean forged = kind == Kind.FORGER && ticks % 3 == 0;
        if (forged) {
            jws = forge(jws, reading);
        }
        if (kind == Kind.REVOKED) {
            ledger.refusedAtGateway.add(readingId);
        } else if (kind == Kind.UNKNOWN) {
            ledger.held.add(readingId);
        } else if (forged) {
            ledger.reject(readingId, RejectionReason.SIGNATURE);
        } else if (kind == Kind.SKEWED_CLOCK) {
            ledger.reject(readingId, RejectionReason.CLOCK_SKEW);
        } else if (badUnit) {
            ledger.reject(readingId, RejectionReason.UNIT_UNKNOWN);
        } else {
            ledger.deliver(readingId, patients.at(deviceTime));
        }
        return new Pending(readingId, jws, false);
    }

    private void send(Pending reading) {
        history.add(reading);
        if (history.size() > 64) {
            history.remove(0);
        }
        post(reading);
    }

    private void resend(Pending earlier) {
        String readingId = earlier.readingId();
        if (ledger.delivered.containsKey(readingId) || ledger.rejected.get(readingId) == RejectionReason.UNIT_UNKNOWN) {
            // delivered or refused after the duplicate filter: a second copy is audited as a duplicate
            ledger.duplicate(readingId);
            post(new Pending(readingId, earlier.jws(), false));
        }
    }

    private void post(Pending pending) {
        try {
            PostResult result = client.post(List.of(pending.jws()), Batching.JOSE, false);
            if (result.status() == 202) {
                ledger.posted("accepted");
            } else if (result.status() == 403) {
                ledger.posted("forbidden");
            } else if (result.retryable()) {
                ledger.posted("retry-" + result.status());
                outbox.add(new Pending(pending.readingId(), pending.jws(), pending.sentBefore() || result.status() == 503));
            } else {
                ledger.posted("refused-" + result.status());
            }
        } catch (IOException failed) {
            // the gateway may have taken it before the connection broke: a resend may be a duplicate
            ledger.posted("connection-failed");
            outbox.add(new Pending(pending.readingId(), pending.jws(), true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outbox.add(pending);
        }
    }

    /** The payload's value changed after signing: the signature no longer covers what is claimed. */
    private static String forge(String jws, Reading signed) {
        Reading claimed = new Reading(signed.deviceId(), signed.epoch(), signed.sequence(), signed.timestamp(),
                signed.tissueO2() > 50 ? signed.tissueO2() - 10 : signed.tissueO2() + 10, signed.units(), signed.signalQuality(), signed.sdkVersion(),
                signed.firmware());
        String[] parts = jws.split("\\.");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claimed.toJson()) + "." + parts[2];
    }
}
