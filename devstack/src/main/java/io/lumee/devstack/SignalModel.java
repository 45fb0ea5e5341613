package io.lumee.devstack;

import java.util.Random;

/**
 * A plausible tissue-oxygen signal for one device: a baseline per patient, slow drift, sensor noise,
 * and now and then a motion artifact that spikes the value and drops the signal quality.
 */
final class SignalModel {
    private final Random random;
    private final double baseline;
    private double drift;
    private int artifactTicks;

    SignalModel(long seed) {
        this.random = new Random(seed);
        this.baseline = 55 + random.nextGaussian() * 8;
    }

    record Sample(double tissueO2, double signalQuality) {}

    Sample next() {
        drift = Math.max(-10, Math.min(10, drift + random.nextGaussian() * 0.2));
        if (artifactTicks == 0 && random.nextDouble() < 0.02) {
            artifactTicks = 1 + random.nextInt(4);
        }
        double value = baseline + drift + random.nextGaussian() * 0.8;
        double quality = 0.85 + random.nextDouble() * 0.14;
        if (artifactTicks > 0) {
            artifactTicks--;
            value += random.nextGaussian() * 6;
            quality = 0.3 + random.nextDouble() * 0.3;
        }
        return new Sample(round(Math.max(1, Math.min(99, value))), round(quality));
    }

    /** Whether this tick's reading never leaves the device (a dropout: completeness below 1). */
    boolean dropout() {
        return random.nextDouble() < 0.01;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
