package io.lumee.testkit.jvm;

import java.util.Arrays;

/**
 * Entry point of every child JVM the testkit starts: runs the server's real main class and halts the
 * child as soon as its parent is gone, so a killed build (SIGKILL skips shutdown hooks) never leaves a
 * server holding ports and memory.
 *
 * <p>Arguments: parent pid, the server's main class, then the server's own arguments.
 */
public final class ParentWatchdog {
    private static final long POLL_MILLIS = 500;

    private ParentWatchdog() {}

    public static void main(String[] args) throws Throwable {
        long parentPid = Long.parseLong(args[0]);
        Thread watchdog = new Thread(() -> watch(parentPid), "lumee-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            Class.forName(args[1]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watch(long parentPid) {
        while (ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
        // halt, not exit: the server's own shutdown hooks may wait on the resources we are abandoning
        Runtime.getRuntime().halt(3);
    }
}
