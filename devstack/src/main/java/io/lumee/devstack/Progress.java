package io.lumee.devstack;

import java.io.PrintStream;
import java.time.Duration;

/** One line per step of a start-up or shutdown, with the time since the first. */
final class Progress {
    private final PrintStream out;
    private final long started = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    void step(String what) {
        out.printf("[%5.1fs] %s%n", Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0, what);
    }

    static Progress silent() {
        return new Progress(new PrintStream(PrintStream.nullOutputStream()));
    }
}
