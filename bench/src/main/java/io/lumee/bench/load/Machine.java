package io.lumee.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
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

    /** CPU seconds (user + system) of every process on the machine, by pid, so a later call can tell who ran. */
    static Map<Long, Double> cpuByProcess() {
        Map<Long, Double> cpu = new HashMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            dirs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(dir -> {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    cpu.put(Long.parseLong(dir.getFileName().toString()),
                            (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0);
                } catch (IOException | RuntimeException ignored) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException ignored) {
            // no /proc
        }
        return cpu;
    }

    /**
     * Cores' worth of CPU that processes outside this JVM's tree used between two snapshots taken
     * {@code seconds} apart: the other engineers' builds, not our servers.
     */
    static double othersCores(Map<Long, Double> before, Map<Long, Double> after, double seconds) {
        Set<Long> ours = new HashSet<>();
        ProcessHandle.current().descendants().forEach(p -> ours.add(p.pid()));
        ours.add(ProcessHandle.current().pid());
        double used = 0;
        for (Map.Entry<Long, Double> entry : after.entrySet()) {
            if (ours.contains(entry.getKey())) {
                continue;
            }
            used += entry.getValue() - before.getOrDefault(entry.getKey(), 0.0);
        }
        return seconds <= 0 ? 0 : used / seconds;
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
