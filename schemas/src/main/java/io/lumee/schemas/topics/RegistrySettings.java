package io.lumee.schemas.topics;

import java.util.Map;
import java.util.Objects;

/**
 * How the Avro serdes reach the schema registry.
 *
 * @param url the registry's native v3 API, e.g. {@code http://127.0.0.1:8081/apis/registry/v3}
 * @param autoRegister whether a serializer may register its schema; production producers leave this off
 *     and rely on schemas registered ahead of them (and the registry's compatibility rule)
 * @param extra further Apicurio serde properties passed through (auth, TLS trust store)
 */
public record RegistrySettings(String url, boolean autoRegister, Map<String, Object> extra) {
    public RegistrySettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("registry url must be http(s)://..., got " + url);
        }
        extra = Map.copyOf(extra);
    }

    public static RegistrySettings of(String url, boolean autoRegister) {
        return new RegistrySettings(url, autoRegister, Map.of());
    }
}
