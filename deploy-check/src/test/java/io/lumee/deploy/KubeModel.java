package io.lumee.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads rendered objects into the typed models: fabric8's for Kubernetes and the Prometheus Operator,
 * Strimzi's api for kafka.strimzi.io/v1. Both models keep a field they do not know in
 * {@code additionalProperties} (and fabric8 also a value of the wrong type), so a typo would pass a
 * plain deserialization: {@link #unknownFields} walks the whole object for them.
 */
final class KubeModel {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper INTROSPECTION = new ObjectMapper();

    static {
        // Strimzi's classes are annotated with their storage version (v1beta2); we write the v1 API
        for (Class<? extends KubernetesResource> kind : List.of(Kafka.class, KafkaNodePool.class, KafkaTopic.class, KafkaUser.class)) {
            SERIALIZATION.registerKubernetesResource("kafka.strimzi.io/v1", kind.getSimpleName(), kind);
        }
    }

    private KubeModel() {}

    /** The object in its model; a kind no model knows is an error, not a generic map. */
    static HasMetadata typed(Map<String, Object> object) {
        String apiVersion = String.valueOf(object.get("apiVersion"));
        String kind = String.valueOf(object.get("kind"));
        Class<? extends KubernetesResource> type = SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind);
        if (type == null || type == GenericKubernetesResource.class || !HasMetadata.class.isAssignableFrom(type)) {
            throw new AssertionError("no model knows " + apiVersion + " " + kind + " (a typo, or an API version no cluster serves)");
        }
        return (HasMetadata) SERIALIZATION.convertValue(object, type);
    }

    /** Paths of every field the model did not know, e.g. {@code spec.template.spec.containers[0].securityContxt}. */
    static List<String> unknownFields(Object model) {
        List<String> found = new ArrayList<>();
        walk(model, "", found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                walk(item, path + "[" + index++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, found, seen));
            return;
        }
        String packageName = value.getClass().getPackageName();
        if (!packageName.startsWith("io.fabric8.") && !packageName.startsWith("io.strimzi.")) {
            return;
        }
        BeanDescription bean = INTROSPECTION.getSerializationConfig().introspect(INTROSPECTION.constructType(value.getClass()));
        AnnotatedMember anyGetter = bean.findAnyGetter();
        if (anyGetter != null && anyGetter.getValue(value) instanceof Map<?, ?> extra && !extra.isEmpty()) {
            extra.keySet().forEach(name -> found.add((path.isEmpty() ? "" : path + ".") + name));
        }
        for (BeanPropertyDefinition property : bean.findProperties()) {
            AnnotatedMember getter = property.getAccessor();
            if (getter != null) {
                walk(getter.getValue(value), (path.isEmpty() ? "" : path + ".") + property.getName(), found, seen);
            }
        }
    }
}
