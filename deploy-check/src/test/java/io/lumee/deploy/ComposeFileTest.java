package io.lumee.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, read as Compose reads it (no Docker engine needed): every Lumee container is
 * built from its module's Dockerfile, runs locked down, and gets only settings its program reads.
 */
class ComposeFileTest {

    // ${NAME:-default} and ${NAME-default}: Compose substitutes the default when NAME is unset
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{[A-Za-z0-9_]+:?-([^}]*)}");

    private final JsonNode compose = read();

    @Test
    void everyLumeeContainerIsBuiltFromItsModulesDockerfile() {
        List<String> problems = new ArrayList<>();
        lumeeServices().forEach((name, service) -> {
            LumeeImage image = LumeeImage.of(service.path("image").asText()).orElseThrow();
            String dockerfile = service.path("build").path("dockerfile").asText();
            String module = image == LumeeImage.ADMIN ? "admin-cli" : image.imageName();
            if (!dockerfile.equals(module + "/Dockerfile") || !".".equals(service.path("build").path("context").asText())) {
                problems.add(name + ": build {context: ., dockerfile: " + module + "/Dockerfile}, got " + service.path("build"));
            }
        });
        assertThat(problems).isEmpty();
        assertThat(lumeeServices()).containsKeys("edge-gateway", "stream-processor", "fhir-sink", "hl7-bridge", "archive-sink", "topics");
    }

    @Test
    void everyLumeeContainerRunsLockedDown() {
        List<String> problems = new ArrayList<>();
        lumeeServices().forEach((name, service) -> {
            require(problems, name, service.path("read_only").asBoolean(false), "read_only: true");
            require(problems, name, service.path("user").asText("").matches("[1-9][0-9]*:[1-9][0-9]*"), "a numeric non-root user:group");
            require(problems, name, texts(service.path("cap_drop")).contains("ALL"), "cap_drop: [ALL]");
            require(problems, name, service.path("cap_add").isMissingNode(), "no cap_add");
            require(problems, name, texts(service.path("security_opt")).contains("no-new-privileges:true"), "security_opt: [no-new-privileges:true]");
            require(problems, name, !service.path("privileged").asBoolean(false), "not privileged");
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyVariableIsOneTheProgramReadsAndEveryRequiredOneIsSet() {
        List<String> problems = new ArrayList<>();
        lumeeServices().forEach((name, service) -> {
            LumeeImage image = LumeeImage.of(service.path("image").asText()).orElseThrow();
            problems.addAll(EnvironmentCheck.check("compose " + name, image, environment(service, problems), mounts(service)).problems());
        });
        assertThat(problems).isEmpty();
    }

    private Map<String, JsonNode> lumeeServices() {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        compose.path("services").fields().forEachRemaining(entry -> {
            if (LumeeImage.of(entry.getValue().path("image").asText("")).isPresent()) {
                services.put(entry.getKey(), entry.getValue());
            }
        });
        return services;
    }

    /** env_file entries in order, then environment, which wins; Compose's ${VAR:-default} taken at its default. */
    private static Map<String, String> environment(JsonNode service, List<String> problems) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String file : texts(service.path("env_file"))) {
            try {
                for (String line : Files.readAllLines(Repository.path(file))) {
                    String trimmed = line.trim();
                    if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                        String[] nameAndValue = trimmed.split("=", 2);
                        environment.put(nameAndValue[0], nameAndValue.length > 1 ? nameAndValue[1] : "");
                    }
                }
            } catch (IOException missing) {
                problems.add("env_file " + file + " cannot be read: " + missing.getMessage());
            }
        }
        JsonNode given = service.path("environment");
        if (given.isObject()) {
            given.fields().forEachRemaining(entry -> environment.put(entry.getKey(), substitute(entry.getValue().asText())));
        } else {
            for (String entry : texts(given)) {
                String[] nameAndValue = entry.split("=", 2);
                environment.put(nameAndValue[0], nameAndValue.length > 1 ? substitute(nameAndValue[1]) : "");
            }
        }
        return environment;
    }

    /** Bind mounts and volumes (writable unless :ro), tmpfs (writable) and secrets (/run/secrets, read-only). */
    private static List<EnvironmentCheck.Mount> mounts(JsonNode service) {
        List<EnvironmentCheck.Mount> mounts = new ArrayList<>();
        for (String volume : texts(service.path("volumes"))) {
            String[] parts = volume.split(":");
            mounts.add(new EnvironmentCheck.Mount(parts[1], parts.length < 3 || !parts[2].contains("ro")));
        }
        texts(service.path("tmpfs")).forEach(path -> mounts.add(new EnvironmentCheck.Mount(path.split(":")[0], true)));
        for (JsonNode secret : service.path("secrets")) {
            String target = secret.isTextual() ? secret.asText() : secret.path("target").asText(secret.path("source").asText());
            mounts.add(new EnvironmentCheck.Mount(target.startsWith("/") ? target : "/run/secrets/" + target, false));
        }
        return mounts;
    }

    private static String substitute(String value) {
        Matcher matcher = SUBSTITUTION.matcher(value);
        return matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static void require(List<String> problems, String service, boolean held, String what) {
        if (!held) {
            problems.add("compose " + service + ": needs " + what);
        }
    }

    private static JsonNode read() {
        try {
            return new YAMLMapper().readTree(Repository.path("docker-compose.yml").toFile());
        } catch (IOException unreadable) {
            throw new AssertionError("docker-compose.yml: " + unreadable.getMessage(), unreadable);
        }
    }
}
