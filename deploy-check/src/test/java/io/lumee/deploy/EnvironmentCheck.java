package io.lumee.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Judges the environment a container gets, by handing it to the program's own config reader: every
 * variable must be one the program reads (a typo is refused), every required one set and valid. Files
 * are checked where the container is: each path a variable names must lie on a mounted volume (the
 * root filesystem is read-only and holds no secrets); the reader then gets a stand-in file in its place.
 */
final class EnvironmentCheck {

    /** A mounted volume: its path in the container and whether the program may write there. */
    record Mount(String path, boolean writable) {
        boolean holds(String file) {
            String folder = path.endsWith("/") ? path : path + "/";
            return file.equals(path) || file.startsWith(folder);
        }
    }

    record Result(List<String> problems, LumeeImage.Read read) {}

    // base64 of 32 bytes: what master secrets and the archive's raw key hold; long enough for a patient key
    private static final String STAND_IN = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String STATE_DIR = "LUMEE_PROCESSOR_STATE_DIR";
    private static final String MASTER_SECRET_FILES = "LUMEE_MASTER_SECRET_FILES";

    private EnvironmentCheck() {}

    /** @param where names the container in each problem, e.g. {@code prod StatefulSet/fhir-sink} */
    static Result check(String where, LumeeImage image, Map<String, String> environment, List<Mount> mounts) {
        List<String> problems = new ArrayList<>();
        Map<String, String> given = new LinkedHashMap<>();
        Path scratch = scratchFolder();
        environment.forEach((name, value) -> {
            if (!name.startsWith("LUMEE_")) {
                problems.add(where + ": " + name + " is not a Lumee setting (every setting is a LUMEE_* variable)");
            } else if (value.isBlank()) {
                given.put(name, value);
            } else if (name.endsWith("_FILE")) {
                given.put(name, standIn(where, name, value, mounts, scratch, problems));
            } else if (name.equals(MASTER_SECRET_FILES)) {
                given.put(name, List.of(value.split(",")).stream().map(entry -> {
                    String[] versionAndFile = entry.split("=", 2);
                    return versionAndFile.length < 2 ? entry
                            : versionAndFile[0] + "=" + standIn(where, name, versionAndFile[1].trim(), mounts, scratch, problems);
                }).collect(Collectors.joining(",")));
            } else {
                if (name.equals(STATE_DIR) && mounts.stream().noneMatch(mount -> mount.writable() && mount.holds(value))) {
                    problems.add(where + ": " + STATE_DIR + "=" + value + " is on no writable volume");
                }
                given.put(name, value);
            }
        });
        if (mounts.stream().noneMatch(mount -> mount.writable() && mount.holds("/tmp"))) {
            problems.add(where + ": no writable volume at /tmp (the root filesystem is read-only; the JVM and RocksDB write there)");
        }
        LumeeImage.Read read = image.read(given);
        read.config().errors().forEach(error -> problems.add(where + ": " + error));
        read.config().unreadNames().forEach(name -> problems.add(where + ": " + name + " is set, but " + image.imageName() + " does not read it"));
        return new Result(problems, read);
    }

    private static String standIn(String where, String name, String file, List<Mount> mounts, Path scratch, List<String> problems) {
        if (mounts.stream().noneMatch(mount -> mount.holds(file))) {
            problems.add(where + ": " + name + " names " + file + ", which is on no mounted volume");
        }
        try {
            Path standIn = Files.createTempFile(scratch, "file", "");
            Files.writeString(standIn, STAND_IN);
            return standIn.toString();
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }

    private static Path scratchFolder() {
        try {
            return Files.createDirectories(Repository.path("deploy-check/target/stand-ins"));
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }
}
