package io.lumee.platform.registry;

import io.lumee.platform.config.ConfigReader;
import java.util.Objects;

/**
 * Where the schema registry is, as every service that reads or writes Avro reads it:
 * {@code LUMEE_REGISTRY_URL} (default {@code http://127.0.0.1:8081/apis/registry/v3}, Apicurio's native
 * v3 API) and {@code LUMEE_REGISTRY_AUTO_REGISTER} (default {@code true}: a service registers the
 * schema of what it writes, and the registry's compatibility rule refuses an incompatible one; set it
 * to false where schemas are registered ahead of deployment).
 */
public record RegistryEndpoint(String url, boolean autoRegister) {
    public RegistryEndpoint {
        Objects.requireNonNull(url, "url");
    }

    public static RegistryEndpoint from(ConfigReader config) {
        String url = config.string("LUMEE_REGISTRY_URL", "http://127.0.0.1:8081/apis/registry/v3");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            config.reject("LUMEE_REGISTRY_URL", "an http:// or https:// URL", ConfigReader.quote(url));
        }
        return new RegistryEndpoint(url, config.booleanValue("LUMEE_REGISTRY_AUTO_REGISTER", true));
    }
}
