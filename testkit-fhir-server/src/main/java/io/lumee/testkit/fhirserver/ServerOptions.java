package io.lumee.testkit.fhirserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the testkit starts the server: {@code --version R4|R5 --port P --data DIR}, and for the secured
 * connector {@code --tls-port P --keystore F --truststore F --store-password-file F --token-file F
 * --client-id ID --client-secret-file F --token-lifetime 300s}.
 */
record ServerOptions(String version, int port, Path dataDir, Optional<Secured> secured) {

    /** The TLS connector: client certificate required, and a bearer token, issued at /oauth/token or read from a file. */
    record Secured(int port, Path keyStore, Path trustStore, Path storePasswordFile, Path tokenFile, String clientId,
            Path clientSecretFile, Duration tokenLifetime) {}

    static ServerOptions parse(String[] args) {
        Map<String, String> named = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            named.put(args[i].substring(2), args[i + 1]);
        }
        String version = required(named, "version");
        if (!version.equals("R4") && !version.equals("R5")) {
            throw new IllegalArgumentException("--version must be R4 or R5");
        }
        Optional<Secured> secured = named.containsKey("tls-port")
                ? Optional.of(new Secured(Integer.parseInt(named.get("tls-port")), Path.of(required(named, "keystore")),
                        Path.of(required(named, "truststore")), Path.of(required(named, "store-password-file")),
                        Path.of(required(named, "token-file")), required(named, "client-id"),
                        Path.of(required(named, "client-secret-file")),
                        Duration.parse("PT" + named.getOrDefault("token-lifetime", "300s").toUpperCase())))
                : Optional.empty();
        return new ServerOptions(version, Integer.parseInt(required(named, "port")), Path.of(required(named, "data")), secured);
    }

    private static String required(Map<String, String> named, String name) {
        String value = named.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }
}
