package io.lumee.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the run shared the machine with: cores, memory, the load average, and how much CPU processes the
 * bench did not start were burning, so a figure taken while someone else's build ran can be read as such.
 */
final class Machine {
    private Machine() {}

    static String describe() {
        long memKb = meminfo("MemTotal");
        String cpu = "?";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
        } catch (IOException | RuntimeException ignored) {
            // not Linux: the cores alone
        }
        return String.format("%d cores (%s), %.0f GiB, Java %s", Runtime.getRuntime().availableProcessors(), cpu,
                memKb / 1024.0 / 1024.0, System.getProperty("java.version"));
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** CPU seconds the whole machine and this JVM's tree (the bench and every service it started) had used by now. */
    record CpuSnapshot(double machine, double ours) {}

    static CpuSnapshot cpuSnapshot() {
        double ours = processCpu(ProcessHandle.current().pid());
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            ours += processCpu(child.pid());
        }
        return new CpuSnapshot(machineBusy(), ours);
    }

    /**
     * Cores' worth of CPU that processes outside this JVM's tree used between two snapshots taken
     * {@code seconds} apart: the other engineers' builds, not our servers. The machine's busy time comes from
     * /proc/stat, so short-lived processes (a build's compiler forks) count; ours includes the services that
     * ended meanwhile, whose CPU the kernel adds to this JVM's children time when it reaps them.
     */
    static double othersCores(CpuSnapshot before, CpuSnapshot after, double seconds) {
        double others = (after.machine() - before.machine()) - (after.ours() - before.ours());
        return seconds <= 0 ? 0 : Math.max(0, others / seconds);
    }

    /** utime + stime + cutime + cstime of one process, in seconds; 0 once it is gone. */
    private static double processCpu(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Non-idle CPU seconds of the whole machine since boot (user, nice, system, irq, softirq, steal). */
    private static double machineBusy() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(cpu[field]);
            }
            return busy / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long meminfo(String key) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith(key + ":")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
