package dev.shadowtx.kafka.autoconfigure;

import dev.shadowtx.kafka.producer.KafkaRoute;
import dev.shadowtx.kafka.producer.KafkaShadowAction;
import dev.shadowtx.kafka.producer.ShadowTopicRouter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.NewTopic;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.util.ReflectionUtils;

/**
 * Works out which shadow topics the application needs, so that the {@code KafkaAdmin} creates
 * them at startup together with the application's own topics: the shadow twin of every
 * {@code NewTopic} the application declares, as a bean or inside a {@code KafkaAdmin.NewTopics}
 * bean (same partitions, replication and configs), and the destination of every REROUTE rule.
 * Shadow topics the application declares itself are left to its own declaration.
 */
final class ShadowTopicDeclarations {

    private static final Log logger = LogFactory.getLog(ShadowTopicDeclarations.class);

    private ShadowTopicDeclarations() {}

    /**
     * Read the topics of the application's {@code KafkaAdmin.NewTopics} beans (all but shadowtx's
     * own). {@code KafkaAdmin} reads them through a method of its package; where that method
     * cannot be called, the bean's topics get no twin, as topics never declared: a shadow send to
     * them is refused by the topic check until their shadow topic exists, and a warning says so.
     */
    static List<NewTopic> declaredInGroups(ListableBeanFactory beanFactory, String ownBeanName) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : beanFactory.getBeanNamesForType(KafkaAdmin.NewTopics.class, false, false)) {
            if (name.equals(ownBeanName)) {
                continue;
            }
            Collection<NewTopic> group = topicsOf(beanFactory.getBean(name, KafkaAdmin.NewTopics.class));
            if (group == null) {
                logger.warn("The topics of KafkaAdmin.NewTopics bean '" + name + "' cannot be read, so no shadow "
                        + "topic is provisioned for them: shadow sends to them are refused while their shadow topic "
                        + "is missing. Declare their shadow topics, or declare each topic as a NewTopic bean");
                continue;
            }
            topics.addAll(group);
        }
        return topics;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Collection<NewTopic> topicsOf(KafkaAdmin.NewTopics group) {
        Method method = ReflectionUtils.findMethod(KafkaAdmin.NewTopics.class, "getNewTopics");
        if (method == null || !Collection.class.isAssignableFrom(method.getReturnType())) {
            return null;
        }
        try {
            ReflectionUtils.makeAccessible(method);
            return (Collection<NewTopic>) method.invoke(group);
        } catch (ReflectiveOperationException | RuntimeException ex) {
            return null;
        }
    }

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
