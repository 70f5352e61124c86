package dev.shadowtx.kafka.autoconfigure;

import dev.shadowtx.kafka.producer.KafkaRoute;
import dev.shadowtx.kafka.producer.KafkaShadowAction;
import dev.shadowtx.kafka.producer.ShadowTopicRouter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Works out which shadow topics the application needs, so that the {@code KafkaAdmin} creates
 * them at startup together with the application's own topics: the shadow twin of every
 * {@code NewTopic} the application declares (same partitions, replication and configs) and the
 * destination of every REROUTE rule. Shadow topics the application declares itself are left to
 * its own declaration.
 */
final class ShadowTopicDeclarations {

    private ShadowTopicDeclarations() {}

    static KafkaAdmin.NewTopics of(ShadowTopicRouter router, List<NewTopic> declared) {
        return new KafkaAdmin.NewTopics(topics(router, declared).toArray(new NewTopic[0]));
    }

    static List<NewTopic> topics(ShadowTopicRouter router, List<NewTopic> declared) {
        Set<String> names = declared.stream().map(NewTopic::name).collect(Collectors.toSet());
        Map<String, NewTopic> shadow = new LinkedHashMap<>();
        for (NewTopic topic : declared) {
            if (router.isShadowTopic(topic.name())) {
                continue;
            }
            KafkaRoute route = router.route(topic.name());
            if (route.action() == KafkaShadowAction.REROUTE && !names.contains(route.destination())) {
                shadow.putIfAbsent(route.destination(), twin(topic, route.destination()));
            }
        }
        router.rules().forEach((topic, rule) -> {
            if (rule.effectiveAction(router.defaultAction()) == KafkaShadowAction.REROUTE) {
                String destination = router.route(topic).destination();
                if (!names.contains(destination)) {
                    shadow.putIfAbsent(destination, new NewTopic(destination, Optional.empty(), Optional.empty()));
                }
            }
        });
        return List.copyOf(shadow.values());
    }

    private static NewTopic twin(NewTopic live, String name) {
        Optional<Integer> partitions = (live.replicasAssignments() != null
                        && !live.replicasAssignments().isEmpty())
                ? Optional.of(live.replicasAssignments().size())
                : (live.numPartitions() > 0) ? Optional.of(live.numPartitions()) : Optional.empty();
        Optional<Short> replicas =
                (live.replicationFactor() > 0) ? Optional.of(live.replicationFactor()) : Optional.empty();
        NewTopic twin = new NewTopic(name, partitions, replicas);
        if (live.configs() != null) {
            twin.configs(new LinkedHashMap<>(live.configs()));
        }
        return twin;
    }
}
