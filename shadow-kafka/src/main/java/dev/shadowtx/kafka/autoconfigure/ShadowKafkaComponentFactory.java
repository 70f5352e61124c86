package dev.shadowtx.kafka.autoconfigure;

import dev.shadowtx.kafka.consumer.ShadowListenerPolicy;
import dev.shadowtx.kafka.producer.KafkaShadowAction;
import dev.shadowtx.kafka.producer.ShadowTopicRouter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns the {@code shadow.kafka.*} properties into the router and the listener policy, failing at
 * startup with the name of the offending property rather than letting a shadow record find its
 * way to a live topic.
 */
final class ShadowKafkaComponentFactory {

    private static final int MAX_TOPIC_LENGTH = 249;

    private ShadowKafkaComponentFactory() {}

    static ShadowTopicRouter router(ShadowKafkaProperties properties) {
        String suffix = properties.getTopicSuffix();
        if (suffix.isEmpty() || !isTopicName(suffix)) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.kafka.topic-suffix",
                    suffix,
                    "The shadow topic suffix must be non-empty and made of [a-zA-Z0-9._-]; an empty suffix would "
                            + "reroute shadow records to the live topic");
        }
        Map<String, ShadowTopicRouter.Rule> rules = new LinkedHashMap<>();
        properties.getTopics().forEach((topic, override) -> {
            String prefix = "shadow.kafka.topics[" + topic + "]";
            if (!isTopicName(topic)) {
                throw new InvalidConfigurationPropertyValueException(
                        "shadow.kafka.topics",
                        topic,
                        "A topic name must be 1 to " + MAX_TOPIC_LENGTH + " characters of [a-zA-Z0-9._-]");
            }
            String target = override.getTarget();
            KafkaShadowAction action = override.getAction();
            if (target != null) {
                if (!isTopicName(target)) {
                    throw new InvalidConfigurationPropertyValueException(
                            prefix + ".target",
                            target,
                            "A topic name must be 1 to " + MAX_TOPIC_LENGTH + " characters of [a-zA-Z0-9._-]");
                }
                if (target.equals(topic)) {
                    throw new InvalidConfigurationPropertyValueException(
                            prefix + ".target", target, "The shadow target must not be the live topic itself");
                }
                if (properties.getTopics().containsKey(target)) {
                    throw new InvalidConfigurationPropertyValueException(
                            prefix + ".target",
                            target,
                            "The shadow target is itself configured as a live topic under shadow.kafka.topics");
                }
                if (action != null && action != KafkaShadowAction.REROUTE) {
                    throw new InvalidConfigurationPropertyValueException(
                            prefix + ".target",
                            target,
                            "A target only applies to REROUTE, but " + prefix + ".action is " + action);
                }
            }
            rules.put(topic, new ShadowTopicRouter.Rule(action, target));
        });
        return new ShadowTopicRouter(properties.getDefaultAction(), suffix, rules);
    }

    static ShadowListenerPolicy listenerPolicy(ShadowKafkaProperties.Consumer consumer, Set<String> annotated) {
        List<String> aware = consumer.getShadowAwareListeners();
        for (int i = 0; i < aware.size(); i++) {
            if (aware.get(i) == null || aware.get(i).isBlank()) {
                throw new InvalidConfigurationPropertyValueException(
                        "shadow.kafka.consumer.shadow-aware-listeners[" + i + "]",
                        aware.get(i),
                        "A listener id or consumer group id must not be blank");
            }
        }
        return new ShadowListenerPolicy(
                consumer.isSkipShadowRecords(),
                aware.stream().map(String::strip).toList(),
                annotated);
    }

    static void checkTopicCheck(ShadowKafkaProperties.TopicCheck topicCheck) {
        if (topicCheck.getTimeout().isNegative() || topicCheck.getTimeout().isZero()) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.kafka.topic-check.timeout",
                    topicCheck.getTimeout(),
                    "The topic check timeout must be positive");
        }
    }

    static boolean isTopicName(String name) {
        if (name.isEmpty() || name.length() > MAX_TOPIC_LENGTH || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
