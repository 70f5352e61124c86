package dev.shadowtx.kafka.autoconfigure;

import dev.shadowtx.kafka.producer.KafkaShadowAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of shadow-kafka. Every default is the safe one: records sent in
 * shadow go to shadow topics, never to live ones.
 */
@ConfigurationProperties("shadow.kafka")
public class ShadowKafkaProperties {

    /**
     * What happens to a record sent in shadow to a topic with no entry under shadow.kafka.topics:
     * REROUTE (to the topic name plus the suffix), DROP or PROPAGATE (to the original topic, with
     * the marker).
     */
    private KafkaShadowAction defaultAction = KafkaShadowAction.REROUTE;

    /**
     * Suffix appended to a topic name to form the shadow topic that REROUTE sends to when the
     * topic has no explicit target. Topics whose name ends with it are shadow topics.
     */
    private String topicSuffix = ".shadow";

    /**
     * Per-topic overrides, keyed by live topic name (in properties files, write a name that
     * contains dots in brackets: shadow.kafka.topics[orders.created].action).
     */
    private final Map<String, Topic> topics = new LinkedHashMap<>();

    private final Consumer consumer = new Consumer();

    private final Provisioning provisioning = new Provisioning();

    private final TopicCheck topicCheck = new TopicCheck();

    private final Transactions transactions = new Transactions();

    public KafkaShadowAction getDefaultAction() {
        return this.defaultAction;
    }

    public void setDefaultAction(KafkaShadowAction defaultAction) {
        this.defaultAction = defaultAction;
    }

    public String getTopicSuffix() {
        return this.topicSuffix;
    }

    public void setTopicSuffix(String topicSuffix) {
        this.topicSuffix = topicSuffix;
    }

    public Map<String, Topic> getTopics() {
        return this.topics;
    }

    public Consumer getConsumer() {
        return this.consumer;
    }

    public Provisioning getProvisioning() {
        return this.provisioning;
    }

    public TopicCheck getTopicCheck() {
        return this.topicCheck;
    }

    public Transactions getTransactions() {
        return this.transactions;
    }

    /**
     * Kafka transactions begun in shadow.
     */
    public static class Transactions {

        /**
         * Whether a KafkaTransactionManager transaction begun in shadow commits when every record
         * it sent went through the producer guard (rerouted, dropped or explicitly propagated), so
         * that read_committed shadow consumers see its records and transactional containers commit
         * the offsets of shadow records. Off by default: like every transaction begun in shadow,
         * such a transaction is then aborted (shadow.transactions.rollback).
         */
        private boolean commitInShadow;

        public boolean isCommitInShadow() {
            return this.commitInShadow;
        }

        public void setCommitInShadow(boolean commitInShadow) {
            this.commitInShadow = commitInShadow;
        }
    }

    /**
     * The override of one live topic.
     */
    public static class Topic {

        /**
         * What happens to a record sent in shadow to this topic. Defaults to REROUTE when a target is
         * set, to shadow.kafka.default-action otherwise.
         */
        private @Nullable KafkaShadowAction action;

        /**
         * Shadow topic that REROUTE sends to, instead of the topic name plus the suffix.
         */
        private @Nullable String target;

        public @Nullable KafkaShadowAction getAction() {
            return this.action;
        }

        public void setAction(@Nullable KafkaShadowAction action) {
            this.action = action;
        }

        public @Nullable String getTarget() {
            return this.target;
        }

        public void setTarget(@Nullable String target) {
            this.target = target;
        }
    }

    /**
     * How listeners receive records that carry a marker.
     */
    public static class Consumer {

        /**
         * Whether listeners ignore records that carry a shadow marker, unless annotated
         * @ShadowAware or listed in shadow-aware-listeners. Skipped records are acknowledged and
         * counted.
         */
        private boolean skipShadowRecords;

        /**
         * Listener ids or consumer group ids of listeners that receive shadow records even when
         * skip-shadow-records is true, in addition to the listeners annotated @ShadowAware; also
         * the bean names or group ids of consumers polled outside listener containers, and the
         * application ids of Kafka Streams applications, that receive marked records.
         */
        private List<String> shadowAwareListeners = new ArrayList<>();

        public boolean isSkipShadowRecords() {
            return this.skipShadowRecords;
        }

        public void setSkipShadowRecords(boolean skipShadowRecords) {
            this.skipShadowRecords = skipShadowRecords;
        }

        public List<String> getShadowAwareListeners() {
            return this.shadowAwareListeners;
        }

        public void setShadowAwareListeners(List<String> shadowAwareListeners) {
            this.shadowAwareListeners = shadowAwareListeners;
        }
    }

    /**
     * Creation of shadow topics at startup.
     */
    public static class Provisioning {

        /**
         * Whether to declare the shadow topics that REROUTE sends to (the targets of
         * shadow.kafka.topics, and the shadow twin of every NewTopic bean) so that the KafkaAdmin
         * creates them at startup.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /**
     * The check that a shadow topic exists before a record is rerouted to it.
     */
    public static class TopicCheck {

        /**
         * Whether to confirm that a shadow topic exists before the first record is rerouted to it,
         * failing the send at once when it does not instead of blocking for max.block.ms. Disable
         * only for brokers that auto-create topics.
         */
        private boolean enabled = true;

        /**
         * Longest time one check may take; a topic not confirmed in time counts as missing.
         */
        private Duration timeout = Duration.ofSeconds(5);

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getTimeout() {
            return this.timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }
}
