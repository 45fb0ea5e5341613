package io.lumee.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each module's Dockerfile, parsed instruction by instruction (no Docker engine here): a multi-stage
 * reactor build, a JRE runtime as a numeric non-root user, /tmp as a volume, container-aware JVM flags,
 * a HEALTHCHECK on the management port, and no secret in the image's ENV or ARG.
 */
class DockerfilesTest {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i)PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE|_KEY$");

    /** One instruction: its keyword and arguments, continuation lines joined. */
    record Instruction(String keyword, String arguments) {}

    @ParameterizedTest
    @ValueSource(strings = {"edge-gateway", "stream-processor", "fhir-sink", "hl7-bridge", "archive-sink", "admin-cli"})
    void imageIsBuiltAndRunAsTheDeploymentExpects(String module) {
        String text = Repository.read(module + "/Dockerfile");
        List<Instruction> instructions = parse(text);
        String jar = pomProperty(module, "runnable.jar.name");
        List<String> problems = new ArrayList<>();

        List<String> stages = arguments(instructions, "FROM");
        require(problems, stages.size() >= 2 && stages.get(0).matches("maven:3\\.9[^ ]*temurin-17.* AS build"),
                "a first stage FROM maven:3.9-eclipse-temurin-17 AS build, got " + stages);
        require(problems, !stages.isEmpty() && stages.get(stages.size() - 1).matches("eclipse-temurin:17-jre.*|gcr\\.io/distroless/java17.*"),
                "a JRE runtime stage (eclipse-temurin:17-jre or distroless java17), got " + stages);
        require(problems, arguments(instructions, "RUN").stream().anyMatch(run -> run.contains("mvn ")
                        && run.contains("-pl " + module + " -am") && run.contains("-DskipTests")),
                "a reactor build of just this module: mvn ... -pl " + module + " -am -DskipTests");
        require(problems, arguments(instructions, "COPY").stream().anyMatch(copy -> copy.startsWith("--from=build")
                        && copy.contains("/" + module + "/target/" + jar + ".jar") && copy.endsWith("/app/" + jar + ".jar")),
                "the runnable jar " + jar + ".jar copied from the build stage to /app");
        List<String> users = arguments(instructions, "USER");
        require(problems, !users.isEmpty() && users.get(users.size() - 1).matches("[1-9][0-9]*(:[1-9][0-9]*)?"),
                "a numeric non-root USER last, got " + users);
        require(problems, arguments(instructions, "VOLUME").stream().anyMatch(volume -> volume.contains("\"/tmp\"")),
                "/tmp as a VOLUME (the root filesystem is read-only)");
        require(problems, text.contains("-jar /app/" + jar + ".jar") || text.contains("\"-jar\", \"/app/" + jar + ".jar\""),
                "java -jar /app/" + jar + ".jar as the program started");
        require(problems, text.contains("-XX:MaxRAMPercentage=") && text.contains("-XX:+ExitOnOutOfMemoryError"),
                "container-aware JVM flags -XX:MaxRAMPercentage and -XX:+ExitOnOutOfMemoryError");
        List<String> healthchecks = arguments(instructions, "HEALTHCHECK");
        if (module.equals("admin-cli")) {
            require(problems, healthchecks.equals(List.of("NONE")), "HEALTHCHECK NONE: a command line tool has no endpoint");
        } else {
            require(problems, healthchecks.size() == 1 && healthchecks.get(0).contains("/healthz")
                            && healthchecks.get(0).contains("${LUMEE_MANAGEMENT_PORT:-8081}"),
                    "one HEALTHCHECK asking /healthz on ${LUMEE_MANAGEMENT_PORT:-8081}");
            require(problems, arguments(instructions, "EXPOSE").stream().anyMatch(ports -> List.of(ports.split("\\s+")).contains("8081")),
                    "EXPOSE 8081, the management port");
        }
        for (String keyword : List.of("ENV", "ARG")) {
            for (String declaration : arguments(instructions, keyword)) {
                String name = declaration.split("[=\\s]", 2)[0];
                require(problems, !SECRET_NAME.matcher(name).find() || name.endsWith("_FILE") || name.endsWith("_FILES"),
                        "no secret in " + keyword + " (secrets are mounted files), got " + name);
            }
        }
        assertThat(problems).as(module + "/Dockerfile").isEmpty();
    }

    @Test
    void buildContextLeavesOutBuildOutputHistoryAndSandboxKeys() {
        List<String> ignored = Repository.read(".dockerignore").lines().map(String::trim).toList();
        assertThat(ignored).contains("**/target/", ".git/", "deploy/compose/secrets/");
    }

    static List<Instruction> parse(String dockerfile) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : dockerfile.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && pending.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String[] keywordAndArguments = pending.toString().strip().split("\\s+", 2);
            instructions.add(new Instruction(keywordAndArguments[0].toUpperCase(), keywordAndArguments.length > 1 ? keywordAndArguments[1] : ""));
            pending.setLength(0);
        }
        return instructions;
    }

    private static List<String> arguments(List<Instruction> instructions, String keyword) {
        return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    private static String pomProperty(String module, String property) {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</").matcher(Repository.read(module + "/pom.xml"));
        if (!matcher.find()) {
            throw new AssertionError(module + "/pom.xml has no " + property);
        }
        return matcher.group(1).trim();
    }

    private static void require(List<String> problems, boolean held, String what) {
        if (!held) {
            problems.add("needs " + what);
        }
    }
}
