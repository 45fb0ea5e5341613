package io.lumee.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Renders a Kustomize directory with {@code kubectl kustomize}, the way an operator applies it. */
final class Kustomize {

    private static final ObjectMapper YAML = new YAMLMapper();

    private Kustomize() {}

    /** Every object of the rendered output, as parsed YAML. */
    static List<Map<String, Object>> render(Path directory) throws IOException, InterruptedException {
        Process kubectl = new ProcessBuilder(kubectl().toString(), "kustomize", directory.toString())
                .redirectErrorStream(false)
                .start();
        byte[] out = kubectl.getInputStream().readAllBytes();
        String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + directory + " failed:\n" + err);
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        try (var documents = YAML.readerForMapOf(Object.class).<Map<String, Object>>readValues(out)) {
            while (documents.hasNextValue()) {
                Map<String, Object> object = documents.nextValue();
                if (object != null) {
                    objects.add(object);
                }
            }
        }
        return objects;
    }

    /** kubectl from PATH; a machine without it gets one line saying what to install, not a stack trace. */
    static Path kubectl() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("kubectl is not on PATH: the k8s/ checks render each overlay with `kubectl kustomize` "
                + "(kubectl 1.32+ with Kustomize 5; install kubectl, then run the build again)");
    }
}
