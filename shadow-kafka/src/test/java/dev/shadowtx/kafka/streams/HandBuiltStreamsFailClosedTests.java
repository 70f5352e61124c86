package dev.shadowtx.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.audit.ChannelCoverage;
import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.kafka.autoconfigure.ShadowKafkaAutoConfiguration;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Where a {@code KafkaStreams} built by hand cannot be guarded fully, shadowtx fails closed,
 * never live: processors it does not know leave the instance consuming without its marked
 * records (skipped and counted, the live ones processed), and so does an instance built inside a
 * method from a {@code KafkaStreamsConfiguration} bean; an instance already started when
 * shadowtx sees it refuses startup, naming the bean; with {@code skip-shadow-records} a guarded
 * instance skips marked records too. Strict mode starts with a guarded instance.
 */
class HandBuiltStreamsFailClosedTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class,
                    KafkaAutoConfiguration.class,
                    ShadowKafkaAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class)
            .withBean(
                    "failClosedIn",
                    NewTopic.class,
                    () -> TopicBuilder.name("fail-closed-in").partitions(1).build())
            .withBean(
                    "failClosedOut",
                    NewTopic.class,
                    () -> TopicBuilder.name("fail-closed-out").partitions(1).build())
            .withPropertyValues("spring.kafka.bootstrap-servers=" + TopicRecords.brokers());

    @Test
    void processorsItDoesNotKnowLeaveEveryMarkedRecordSkippedAndCountedWhileLiveOnesAreProcessed() {
        this.runner.run((context) -> {
            Map<String, String> names = new HashMap<>(namesOfKafka4());
            names.put("supplier", "aFieldKafkaStreamsDoesNotHave");
            KafkaStreams guarded = context.getBean(ShadowStreamsGuard.class)
                    .guardBuiltByHand(handBuilt("fail-closed-unknown"), "unknownInside", new HandBuiltStreams(names));
            assertThat(guarded)
                    .isInstanceOfSatisfying(
                            GuardedKafkaStreams.class,
                            (streams) -> assertThat(streams.processorsWrapped()).isFalse());
            try (guarded) {
                guarded.start();
                assertMarkedSkippedAndLiveProcessed(context, "unknown");
            }
        });
    }

    @Test
    void skipShadowRecordsLeavesMarkedRecordsOutOfAGuardedInstance() {
        this.runner
                .withPropertyValues("shadow.kafka.consumer.skip-shadow-records=true")
                .run((context) -> {
                    KafkaStreams guarded = context.getBean(ShadowStreamsGuard.class)
                            .guardBuiltByHand(handBuilt("fail-closed-skip"), "skips");
                    assertThat(guarded)
                            .isInstanceOfSatisfying(
                                    GuardedKafkaStreams.class,
                                    (streams) -> assertThat(streams.processorsWrapped())
                                            .isTrue());
                    try (guarded) {
                        guarded.start();
                        assertMarkedSkippedAndLiveProcessed(context, "skip");
                    }
                });
    }

    @Test
    void instanceBuiltInsideAMethodFromAKafkaStreamsConfigurationBeanSkipsMarkedRecordsAndCountsThem() {
        this.runner
                .withBean("streamsConfiguration", KafkaStreamsConfiguration.class, () -> {
                    Map<String, Object> configs = new HashMap<>();
                    HandBuiltStreamsTests.streamsProperties("fail-closed-configuration", TopicRecords.brokers())
                            .forEach((key, value) -> configs.put(key.toString(), value));
                    return new KafkaStreamsConfiguration(configs);
                })
                .run((context) -> {
                    Properties properties =
                            context.getBean(KafkaStreamsConfiguration.class).asProperties();
                    try (KafkaStreams streams = new KafkaStreams(topology(), properties)) {
                        streams.start();
                        assertMarkedSkippedAndLiveProcessed(context, "configuration");
                    }
                });
    }

    @Test
    void instanceStartedBeforeShadowtxSawItIsClosedAndRefusesStartupNamingTheBean() {
        AtomicReference<KafkaStreams> started = new AtomicReference<>();
        this.runner
                .withBean("startedStreams", KafkaStreams.class, () -> {
                    KafkaStreams streams = handBuilt("fail-closed-started");
                    streams.start();
                    started.set(streams);
                    return streams;
                })
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("KafkaStreams bean 'startedStreams' cannot be guarded")
                        .hasMessageContaining("started"));
        assertThat(started.get().state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    }

    @Test
    void strictModeStartsWithAGuardedInstanceBuiltByHand() {
        this.runner
                .withBean("handBuiltStreams", KafkaStreams.class, () -> handBuilt("fail-closed-strict"))
                .withPropertyValues("shadow.audit.strict=true")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ShadowLeakAudit.class)
                                    .inventory()
                                    .channels())
                            .filteredOn((channel) -> channel.beanName().equals("handBuiltStreams"))
                            .singleElement()
                            .satisfies(
                                    (channel) -> assertThat(channel.coverage()).isEqualTo(ChannelCoverage.GUARDED));
                });
    }

    private static void assertMarkedSkippedAndLiveProcessed(AssertableApplicationContext context, String prefix) {
        String shadowKey = TopicRecords.key(prefix + "-shadow");
        String liveKey = TopicRecords.key(prefix + "-live");
        TopicRecords.send("fail-closed-in", shadowKey, "X-Shadow", "shadow");
        TopicRecords.send("fail-closed-in", liveKey);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(TopicRecords.withKeys("fail-closed-out", false, liveKey))
                        .extracting(ConsumerRecord::key)
                        .containsExactly(liveKey));
        assertThat(TopicRecords.withKeys("fail-closed-out", false, shadowKey)).isEmpty();
        Counter skipped = context.getBean(SimpleMeterRegistry.class)
                .find("shadow.records.skipped")
                .tags("channel", "kafka", "mode", "shadow")
                .counter();
        assertThat(skipped).isNotNull();
        assertThat(skipped.count()).isGreaterThanOrEqualTo(1);
    }

    private static Map<String, String> namesOfKafka4() {
        Map<String, String> names = new HashMap<>();
        for (String name : new String[] {
            "topologyMetadata",
            "builders",
            "nodeFactories",
            "supplier",
            "stateStoreNames",
            "delegate",
            "applicationConfigs",
            "clientSupplier"
        }) {
            names.put(name, name);
        }
        return names;
    }

    private static KafkaStreams handBuilt(String applicationId) {
        return new KafkaStreams(
                topology(), HandBuiltStreamsTests.streamsProperties(applicationId, TopicRecords.brokers()));
    }

    private static Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("fail-closed-in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues((value) -> value + " processed")
                .to("fail-closed-out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }
}
