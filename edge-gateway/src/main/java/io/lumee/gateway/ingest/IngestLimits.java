package io.lumee.gateway.ingest;

/**
 * What one request and one device may send.
 *
 * @param maxBodyBytes the largest body, both as sent and after gunzip
 * @param deviceRatePerSecond readings per second one device may sustain
 * @param deviceBurst readings one device may send at once after a quiet spell (a backlog after a
 *     connectivity gap), the token bucket's size
 */
public record IngestLimits(int maxBodyBytes, int deviceRatePerSecond, int deviceBurst) {

    public IngestLimits {
        if (maxBodyBytes < 1 || deviceRatePerSecond < 1 || deviceBurst < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxBodyBytes + ", " + deviceRatePerSecond + ", " + deviceBurst);
        }
    }
}
