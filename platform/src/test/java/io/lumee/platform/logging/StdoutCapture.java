package io.lumee.platform.logging;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What reaches stdout, where the platform's logback.xml writes, while some code runs. */
public final class StdoutCapture {

    private StdoutCapture() {
    }

    /** Code that may throw, so tests can log through code under test that declares exceptions. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    public static String during(Action action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
