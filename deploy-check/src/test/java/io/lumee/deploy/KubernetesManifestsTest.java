package io.lumee.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.lumee.platform.management.ManagementSettings;
import io.lumee.schemas.topics.TopicSpec;
import io.lumee.schemas.topics.TopicTable;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each Kustomize overlay, rendered as an operator would apply it, read into the fabric8 and Strimzi
 * models and held to the design: hardened containers probed on the management port, settings the
 * services read, topics equal to the topic table, and Kafka users granting each service only its flows.
 */
class KubernetesManifestsTest {

    private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    static Stream<String> overlays() {
        return Stream.of("base", "overlays/dev", "overlays/prod");
    }

    /** Rendered and typed once per overlay; a kind no model knows fails here, naming it. */
    static List<HasMetadata> objects(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> {
            try {
                return Kustomize.render(Repository.path("k8s/" + name)).stream().map(KubeModel::typed).toList();
            } catch (Exception failed) {
                throw new AssertionError("rendering k8s/" + name + ": " + failed.getMessage(), failed);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectHoldsOnlyFieldsItsModelKnows(String overlay) {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata object : objects(overlay)) {
            KubeModel.unknownFields(object).forEach(path ->
                    unknown.add(overlay + " " + object.getKind() + "/" + object.getMetadata().getName() + ": unknown field " + path));
        }
        assertThat(unknown).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerRunsLockedDownWithRequestsAndLimits(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.in(overlay, objects(overlay))) {
            PodSecurityContext pod = Optional.ofNullable(workload.template().getSpec().getSecurityContext()).orElseGet(PodSecurityContext::new);
            List<Container> containers = new ArrayList<>(workload.template().getSpec().getContainers());
            containers.addAll(workload.template().getSpec().getInitContainers());
            for (Container container : containers) {
                String where = workload.where() + " container " + container.getName();
                SecurityContext own = Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
                Boolean nonRoot = own.getRunAsNonRoot() != null ? own.getRunAsNonRoot() : pod.getRunAsNonRoot();
                Long user = own.getRunAsUser() != null ? own.getRunAsUser() : pod.getRunAsUser();
                var seccomp = own.getSeccompProfile() != null ? own.getSeccompProfile() : pod.getSeccompProfile();
                require(problems, where, Boolean.TRUE.equals(nonRoot), "runAsNonRoot: true");
                require(problems, where, user == null || user != 0, "a runAsUser other than 0");
                require(problems, where, seccomp != null && "RuntimeDefault".equals(seccomp.getType()), "seccompProfile RuntimeDefault");
                require(problems, where, Boolean.FALSE.equals(own.getAllowPrivilegeEscalation()), "allowPrivilegeEscalation: false");
                require(problems, where, Boolean.TRUE.equals(own.getReadOnlyRootFilesystem()), "readOnlyRootFilesystem: true");
                require(problems, where, !Boolean.TRUE.equals(own.getPrivileged()), "not privileged");
                require(problems, where, own.getCapabilities() != null && own.getCapabilities().getDrop().contains("ALL")
                        && own.getCapabilities().getAdd().isEmpty(), "capabilities: drop ALL, add none");
                var resources = container.getResources();
                for (String resource : List.of("cpu", "memory")) {
                    require(problems, where, resources != null && resources.getRequests().containsKey(resource), "a " + resource + " request");
                    require(problems, where, resources != null && resources.getLimits().containsKey(resource), "a " + resource + " limit");
                }
                require(problems, where, container.getImage().matches(".+:[A-Za-z0-9._-]+$") && !container.getImage().endsWith(":latest"),
                        "an image with a version tag, got " + container.getImage());
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyVariableIsOneTheProgramReadsAndEveryServiceIsProbedOnItsManagementPort(String overlay) {
        List<HasMetadata> objects = objects(overlay);
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.in(overlay, objects)) {
            for (Container container : workload.template().getSpec().getContainers()) {
                String where = workload.where() + " container " + container.getName();
                Optional<LumeeImage> image = LumeeImage.of(container.getImage());
                if (image.isEmpty()) {
                    problems.add(where + ": " + container.getImage() + " is not a Lumee image");
                    continue;
                }
                var result = EnvironmentCheck.check(where, image.get(), workload.environment(container, objects, problems),
                        workload.mounts(container));
                problems.addAll(result.problems());
                if (image.get().isService()) {
                    int management = ManagementSettings.from(result.read().config()).port();
                    checkProbes(where, container, management, problems);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void processorStateLivesOnAVolumeClaimedPerReplica(String overlay) {
        List<HasMetadata> objects = objects(overlay);
        Workload processor = Workload.in(overlay, objects).stream()
                .filter(workload -> workload.object().getKind().equals("StatefulSet")
                        && workload.template().getSpec().getContainers().stream().anyMatch(c -> c.getImage().contains("/stream-processor")))
                .findFirst().orElseThrow(() -> new AssertionError(overlay + ": no StatefulSet runs the stream-processor"));
        Container container = processor.template().getSpec().getContainers().get(0);
        String stateDir = processor.environment(container, objects, new ArrayList<>()).get("LUMEE_PROCESSOR_STATE_DIR");
        assertThat(container.getVolumeMounts())
                .as("%s: LUMEE_PROCESSOR_STATE_DIR=%s on a volumeClaimTemplate", processor.where(), stateDir)
                .anyMatch(mount -> processor.claims().contains(mount.getName()) && stateDir != null
                        && new EnvironmentCheck.Mount(mount.getMountPath(), true).holds(stateDir));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyWorkloadIsBudgetedAndDeniedByDefault(String overlay) {
        List<HasMetadata> objects = objects(overlay);
        List<String> problems = new ArrayList<>();
        List<PodDisruptionBudget> budgets = ofKind(objects, PodDisruptionBudget.class);
        List<NetworkPolicy> policies = ofKind(objects, NetworkPolicy.class);
        for (Workload workload : Workload.in(overlay, objects)) {
            Map<String, String> labels = workload.template().getMetadata().getLabels();
            boolean denied = policies.stream().anyMatch(policy -> selects(policy.getSpec().getPodSelector(), labels)
                    && policy.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                    && policy.getSpec().getIngress().isEmpty() && policy.getSpec().getEgress().isEmpty());
            require(problems, workload.where(), denied, "a default-deny NetworkPolicy (Ingress and Egress, no rule) selecting its pods");
            boolean scaledToZero = Objects.equals(workload.replicas(), 0);
            boolean budgeted = budgets.stream().anyMatch(budget -> selects(budget.getSpec().getSelector(), labels));
            require(problems, workload.where(), scaledToZero || budgeted, "a PodDisruptionBudget");
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void topicsAreTheTopicTable(String overlay) {
        Map<String, KafkaTopic> declared = ofKind(objects(overlay), KafkaTopic.class).stream().collect(Collectors.toMap(
                topic -> Optional.ofNullable(topic.getSpec().getTopicName()).orElse(topic.getMetadata().getName()), Function.identity()));
        assertThat(declared.keySet()).containsExactlyInAnyOrderElementsOf(TopicTable.ALL.stream().map(TopicSpec::name).toList());
        for (TopicSpec spec : TopicTable.ALL) {
            KafkaTopic topic = declared.get(spec.name());
            assertThat(topic.getSpec().getPartitions()).as("%s %s partitions", overlay, spec.name()).isEqualTo(spec.partitions());
            Map<String, String> config = new TreeMap<>();
            topic.getSpec().getConfig().forEach((key, value) -> config.put(key, String.valueOf(value)));
            assertThat(config).as("%s %s config", overlay, spec.name()).containsAllEntriesOf(spec.configs());
            assertThat(Integer.parseInt(config.getOrDefault("min.insync.replicas", "1")))
                    .as("%s %s min.insync.replicas below replicas, so one broker may be down", overlay, spec.name())
                    .isLessThanOrEqualTo(Math.max(1, topic.getSpec().getReplicas() - 1));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachProgramsKafkaUserGrantsExactlyItsTopicsAndCoversItsGroupsAndTransactions(String overlay) {
        List<HasMetadata> objects = objects(overlay);
        Map<String, KafkaUser> users = ofKind(objects, KafkaUser.class).stream()
                .collect(Collectors.toMap(user -> user.getMetadata().getName(), Function.identity()));
        List<String> problems = new ArrayList<>();
        users.values().forEach(user -> require(problems, "KafkaUser/" + user.getMetadata().getName(),
                user.getSpec().getAuthentication() instanceof KafkaUserTlsClientAuthentication
                        && user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple, "TLS authentication and simple authorization"));
        for (Workload workload : Workload.in(overlay, objects)) {
            for (Container container : workload.template().getSpec().getContainers()) {
                Optional<LumeeImage> image = LumeeImage.of(container.getImage());
                Optional<String> userName = kafkaUserSecret(workload, container);
                if (image.isEmpty() || userName.isEmpty() || !users.containsKey(userName.get())) {
                    problems.add(workload.where() + ": mounts no KafkaUser's Secret at the LUMEE_KAFKA_KEYSTORE_FILE folder");
                    continue;
                }
                var read = EnvironmentCheck.check(workload.where(), image.get(), workload.environment(container, objects, problems),
                        workload.mounts(container)).read();
                KafkaFlows flows = KafkaFlows.of(image.get(), read.settings(), workload.podName());
                problems.addAll(compare(workload.where() + " (KafkaUser " + userName.get() + ")", users.get(userName.get()), flows));
            }
        }
        assertThat(problems).isEmpty();
    }

    /** Topic grants equal to the flows, no wildcard, no All; every group and transactional id covered. */
    private static List<String> compare(String where, KafkaUser user, KafkaFlows flows) {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> granted = new TreeMap<>();
        List<AclRule> rules = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
        for (AclRule rule : rules) {
            Set<String> operations = rule.getOperations().stream().map(AclOperation::toValue).collect(Collectors.toCollection(TreeSet::new));
            if (operations.contains("All") || rule.getResource() instanceof AclRuleTopicResource topic && "*".equals(topic.getName())) {
                problems.add(where + ": grants All or every topic");
            }
            if (rule.getResource() instanceof AclRuleTopicResource topic && topic.getName().startsWith("lumee.")) {
                if (topic.getPatternType() != AclResourcePatternType.LITERAL) {
                    problems.add(where + ": topic " + topic.getName() + " must be granted by its literal name");
                }
                granted.computeIfAbsent(topic.getName(), name -> new TreeSet<>()).addAll(operations);
            }
        }
        if (!granted.equals(flows.topics())) {
            problems.add(where + ": grants " + granted + " on the pipeline's topics, its flows need exactly " + flows.topics());
        }
        flows.groups().forEach(group -> {
            if (rules.stream().noneMatch(rule -> rule.getResource() instanceof AclRuleGroupResource resource
                    && covers(resource.getName(), resource.getPatternType(), group) && rule.getOperations().contains(AclOperation.READ))) {
                problems.add(where + ": no Read on consumer group " + group);
            }
        });
        flows.transactionalIds().forEach(id -> {
            if (rules.stream().noneMatch(rule -> rule.getResource() instanceof AclRuleTransactionalIdResource resource
                    && covers(resource.getName(), resource.getPatternType(), id) && rule.getOperations().contains(AclOperation.WRITE))) {
                problems.add(where + ": no Write on transactional id " + id);
            }
        });
        return problems;
    }

    private static boolean covers(String name, AclResourcePatternType pattern, String value) {
        return pattern == AclResourcePatternType.PREFIX ? value.startsWith(name) : value.equals(name);
    }

    /** The Secret mounted where LUMEE_KAFKA_KEYSTORE_FILE points: the KafkaUser of the same name wrote it. */
    private static Optional<String> kafkaUserSecret(Workload workload, Container container) {
        String keystore = workload.environment(container, List.of(), new ArrayList<>()).get("LUMEE_KAFKA_KEYSTORE_FILE");
        String file = keystore != null ? keystore : "/etc/lumee/kafka-user/user.p12";
        return container.getVolumeMounts().stream()
                .filter(mount -> new EnvironmentCheck.Mount(mount.getMountPath(), false).holds(file))
                .flatMap(mount -> workload.template().getSpec().getVolumes().stream().filter(volume -> volume.getName().equals(mount.getName())))
                .map(Volume::getSecret).filter(Objects::nonNull).map(secret -> secret.getSecretName()).findFirst();
    }

    private static void checkProbes(String where, Container container, int management, List<String> problems) {
        Map<String, Integer> ports = container.getPorts().stream()
                .filter(port -> port.getName() != null).collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        require(problems, where, container.getPorts().stream().anyMatch(port -> port.getContainerPort() == management),
                "a containerPort for the management port " + management);
        probe(where, "liveness", container.getLivenessProbe(), "/healthz", management, ports, problems);
        probe(where, "readiness", container.getReadinessProbe(), "/readyz", management, ports, problems);
        if (container.getStartupProbe() != null) {
            probe(where, "startup", container.getStartupProbe(), "/healthz", management, ports, problems);
        }
    }

    private static void probe(String where, String kind, Probe probe, String path, int management, Map<String, Integer> ports, List<String> problems) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(where + ": needs an HTTP " + kind + " probe on " + path);
            return;
        }
        IntOrString port = probe.getHttpGet().getPort();
        Integer number = port.getIntVal() != null ? port.getIntVal() : ports.get(port.getStrVal());
        require(problems, where, path.equals(probe.getHttpGet().getPath()) && Objects.equals(number, management),
                "its " + kind + " probe on " + path + " at the management port " + management + ", got " + probe.getHttpGet().getPath() + " at " + port);
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        boolean matchLabels = selector.getMatchLabels().entrySet().stream().allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
        boolean matchExpressions = selector.getMatchExpressions().stream().allMatch(expression -> switch (expression.getOperator()) {
            case "In" -> expression.getValues().contains(labels.get(expression.getKey()));
            case "NotIn" -> !expression.getValues().contains(labels.get(expression.getKey()));
            case "Exists" -> labels.containsKey(expression.getKey());
            case "DoesNotExist" -> !labels.containsKey(expression.getKey());
            default -> false;
        });
        return matchLabels && matchExpressions;
    }

    static <T> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static void require(List<String> problems, String where, boolean held, String what) {
        if (!held) {
            problems.add(where + ": needs " + what);
        }
    }
}
