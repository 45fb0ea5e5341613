package io.lumee.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A Deployment or StatefulSet of a rendered overlay, with what its containers see. */
record Workload(String where, HasMetadata object, PodTemplateSpec template, Integer replicas, Set<String> claims) {

    /** The stand-in pod name for {@code fieldRef: metadata.name}: a StatefulSet's first pod. */
    String podName() {
        return object.getMetadata().getName() + "-0";
    }

    static List<Workload> in(String overlay, List<HasMetadata> objects) {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata object : objects) {
            String where = overlay + " " + object.getKind() + "/" + object.getMetadata().getName();
            if (object instanceof Deployment deployment) {
                workloads.add(new Workload(where, object, deployment.getSpec().getTemplate(), deployment.getSpec().getReplicas(), Set.of()));
            } else if (object instanceof StatefulSet statefulSet) {
                Set<String> claims = statefulSet.getSpec().getVolumeClaimTemplates().stream()
                        .map(claim -> claim.getMetadata().getName()).collect(Collectors.toSet());
                workloads.add(new Workload(where, object, statefulSet.getSpec().getTemplate(), statefulSet.getSpec().getReplicas(), claims));
            }
        }
        return workloads;
    }

    /** The container's variables as the kubelet sets them: envFrom ConfigMaps first, then env entries. */
    Map<String, String> environment(Container container, List<HasMetadata> objects, List<String> problems) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getSecretRef() != null) {
                problems.add(where + ": envFrom Secret " + source.getSecretRef().getName() + ": secrets are mounted files, never variables");
            }
            if (source.getConfigMapRef() != null) {
                configMap(source.getConfigMapRef().getName(), objects).ifPresentOrElse(
                        map -> environment.putAll(map.getData()),
                        () -> problems.add(where + ": envFrom names ConfigMap " + source.getConfigMapRef().getName() + ", which is not rendered"));
            }
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() == null) {
                environment.put(variable.getName(), variable.getValue() == null ? "" : variable.getValue());
            } else if (variable.getValueFrom().getFieldRef() != null) {
                environment.put(variable.getName(), podName());
            } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = variable.getValueFrom().getConfigMapKeyRef();
                environment.put(variable.getName(), configMap(ref.getName(), objects).map(map -> map.getData().get(ref.getKey())).orElse(""));
            } else {
                problems.add(where + ": " + variable.getName() + " comes from a Secret or resource field: secrets are mounted files, never variables");
            }
        }
        return environment;
    }

    /** Every volume the container mounts; writable where the volume is scratch or state and not mounted read-only. */
    List<EnvironmentCheck.Mount> mounts(Container container) {
        Map<String, Volume> volumes = template.getSpec().getVolumes().stream().collect(Collectors.toMap(Volume::getName, volume -> volume));
        List<EnvironmentCheck.Mount> mounts = new ArrayList<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = volumes.get(mount.getName());
            boolean scratchOrState = claims.contains(mount.getName())
                    || volume != null && (volume.getEmptyDir() != null || volume.getPersistentVolumeClaim() != null);
            if (volume != null || claims.contains(mount.getName())) {
                mounts.add(new EnvironmentCheck.Mount(mount.getMountPath(), scratchOrState && !Boolean.TRUE.equals(mount.getReadOnly())));
            }
        }
        return mounts;
    }

    private static Optional<ConfigMap> configMap(String name, List<HasMetadata> objects) {
        return objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(map -> map.getMetadata().getName().equals(name)).findFirst();
    }
}
