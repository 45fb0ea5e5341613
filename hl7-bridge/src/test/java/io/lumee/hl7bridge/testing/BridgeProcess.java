package io.lumee.hl7bridge.testing;

import io.lumee.hl7bridge.BridgeConfig;
import io.lumee.hl7bridge.Main;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.service.ServiceRuntime;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The bridge as a process runs it, from variables: in this JVM through {@link #start}, or in a child
 * JVM through {@link #main} (the child cannot be handed environment variables, so it reads them from a
 * properties file and runs exactly what {@code Main} runs).
 */
public final class BridgeProcess {
    private BridgeProcess() {
    }

    public static ServiceRuntime start(Map<String, String> environment) throws Exception {
        return ServiceRuntime.start("hl7-bridge", new ConfigReader(environment), BridgeConfig::from, Main::wire);
    }

    /** Argument: a properties file of {@code LUMEE_*} variables. */
    public static void main(String[] args) throws Exception {
        Properties variables = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            variables.load(in);
        }
        Map<String, String> environment = new HashMap<>();
        variables.stringPropertyNames().forEach(name -> environment.put(name, variables.getProperty(name)));
        start(environment).awaitShutdown();
    }
}
