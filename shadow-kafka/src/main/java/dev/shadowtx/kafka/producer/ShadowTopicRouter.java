package dev.shadowtx.kafka.producer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Decides, per topic, what a record sent in shadow does: the per-topic rule if there is one,
 * otherwise the default action. A topic that is already a shadow destination (its name ends with
 * the suffix, or it is the target of a rule) is sent to as it is, so a shadow consumer that
 * republishes to a shadow topic never produces {@code orders.shadow.shadow}.
 * <p>
 * Decisions are cached per topic; the rules never change after construction.
 */
public final class ShadowTopicRouter {

    /**
     * Suffix of shadow topics unless {@code shadow.kafka.topic-suffix} says otherwise.
     */
    public static final String DEFAULT_SUFFIX = ".shadow";

    private final KafkaShadowAction defaultAction;

    private final String suffix;

    private final Map<String, Rule> rules;

    private final Set<String> targets;

    private final Map<String, KafkaRoute> routes = new ConcurrentHashMap<>();

    /**
     * Create a router.
     * @param defaultAction the action for topics without a rule
     * @param suffix appended to a topic name to form its shadow topic; must not be empty
     * @param rules per-topic rules keyed by live topic name
     */
    public ShadowTopicRouter(KafkaShadowAction defaultAction, String suffix, Map<String, Rule> rules) {
        if (suffix.isEmpty()) {
            throw new IllegalArgumentException("The shadow topic suffix must not be empty");
        }
        this.defaultAction = defaultAction;
        this.suffix = suffix;
        this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        Set<String> targets = new LinkedHashSet<>();
        this.rules.forEach((topic, rule) -> {
            if (topic.equals(rule.target())) {
                throw new IllegalArgumentException("The shadow target of topic '" + topic + "' is the topic itself");
            }
            if (rule.target() != null) {
                targets.add(rule.target());
            }
        });
        for (String target : targets) {
            if (this.rules.containsKey(target)) {
                throw new IllegalArgumentException("Topic '" + target
                        + "' is both a live topic with a rule and the shadow target of another topic");
            }
        }
        this.targets = Collections.unmodifiableSet(targets);
    }

    /**
     * Create a router with the default suffix and no rule.
     * @param defaultAction the action for every topic
     * @return the router
     */
    public static ShadowTopicRouter of(KafkaShadowAction defaultAction) {
        return new ShadowTopicRouter(defaultAction, DEFAULT_SUFFIX, Map.of());
    }

    /**
     * Decide what a record sent in shadow to a topic does.
     * @param topic the topic the application sends to
     * @return the route
     */
    public KafkaRoute route(String topic) {
        return this.routes.computeIfAbsent(topic, this::decide);
    }

    private KafkaRoute decide(String topic) {
        Rule rule = this.rules.get(topic);
        if (rule != null) {
            KafkaShadowAction action = rule.effectiveAction(this.defaultAction);
            if (action != KafkaShadowAction.REROUTE) {
                return new KafkaRoute(action, topic);
            }
            return new KafkaRoute(action, (rule.target() != null) ? rule.target() : shadowTopicOf(topic));
        }
        if (isShadowTopic(topic)) {
            return new KafkaRoute(KafkaShadowAction.REROUTE, topic);
        }
        return (this.defaultAction == KafkaShadowAction.REROUTE)
                ? new KafkaRoute(KafkaShadowAction.REROUTE, shadowTopicOf(topic))
                : new KafkaRoute(this.defaultAction, topic);
    }

    /**
     * Whether a topic is a shadow destination: it ends with the suffix or is the target of a rule.
     * @param topic the topic name
     * @return {@code true} for shadow topics
     */
    public boolean isShadowTopic(String topic) {
        return topic.endsWith(this.suffix) || this.targets.contains(topic);
    }

    /**
     * Return the shadow topic derived from a live topic by the suffix.
     * @param topic the live topic
     * @return the topic name plus the suffix
     */
    public String shadowTopicOf(String topic) {
        return topic + this.suffix;
    }

    /**
     * Return the per-topic rules.
     * @return the rules keyed by live topic name
     */
    public Map<String, Rule> rules() {
        return this.rules;
    }

    /**
     * Return the action for topics without a rule.
     * @return the default action
     */
    public KafkaShadowAction defaultAction() {
        return this.defaultAction;
    }

    /**
     * The rule of one live topic.
     *
     * @param action the action, or {@code null} for the default action ({@link KafkaShadowAction#REROUTE}
     * when a target is set)
     * @param target where {@link KafkaShadowAction#REROUTE} sends, or {@code null} for the topic plus the suffix
     */
    public record Rule(
            @Nullable KafkaShadowAction action, @Nullable String target) {

        public Rule {
            if (target != null && action != null && action != KafkaShadowAction.REROUTE) {
                throw new IllegalArgumentException("A target only applies to REROUTE, not to " + action);
            }
        }

        /**
         * Return the action this rule applies.
         * @param defaultAction the router's default action
         * @return the action
         */
        public KafkaShadowAction effectiveAction(KafkaShadowAction defaultAction) {
            if (this.action != null) {
                return this.action;
            }
            return (this.target != null) ? KafkaShadowAction.REROUTE : defaultAction;
        }
    }
}
