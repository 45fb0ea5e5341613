package io.lumee.platform.management;

/** One condition for serving traffic (connected, caught up); must answer fast, since probes time out. */
@FunctionalInterface
public interface ReadinessCheck {

    boolean isReady();
}
