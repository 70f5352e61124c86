package dev.shadowtx.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.audit.ChannelCoverage;
import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.kafka.autoconfigure.ShadowKafkaAutoConfiguration;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A {@code KafkaStreams} the application builds itself ({@code new KafkaStreams(topology, ...)})
 * has its topology and clients made before any post-processor sees it, so shadowtx cannot guard
 * it: the leak audit lists it as an uncovered {@code kafka-streams} channel, naming the
 * {@code StreamsBuilderFactoryBean} to build it through, and strict mode refuses to start with it.
 */
class HandBuiltStreamsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class,
                    KafkaAutoConfiguration.class,
                    ShadowKafkaAutoConfiguration.class))
            .withBean("handBuiltStreams", KafkaStreams.class, HandBuiltStreamsTests::handBuilt, (definition) -> {
                definition.setDestroyMethodName("close");
            })
            .withPropertyValues(
                    "spring.kafka.bootstrap-servers=" + TopicRecords.brokers(),
                    "shadow.kafka.provisioning.enabled=false",
                    "shadow.kafka.topic-check.enabled=false");

    @Test
    void leakAuditListsAKafkaStreamsBuiltByHandAsUncoveredWithTheFix() {
        this.runner.run((context) -> assertThat(
                        context.getBean(ShadowLeakAudit.class).inventory().channels())
                .filteredOn((channel) -> channel.beanName().equals("handBuiltStreams"))
                .singleElement()
                .satisfies((channel) -> {
                    assertThat(channel.kind().tagValue()).isEqualTo("kafka-streams");
                    assertThat(channel.coverage()).isEqualTo(ChannelCoverage.UNCOVERED);
                    assertThat(channel.kind().fix("handBuiltStreams")).contains("StreamsBuilderFactoryBean");
                }));
    }

    @Test
    void strictModeRefusesToStartWithAKafkaStreamsBuiltByHand() {
        this.runner
                .withPropertyValues("shadow.audit.strict=true")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("handBuiltStreams"));
    }

    private static KafkaStreams handBuilt() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("hand-built-orders").to("hand-built-copies");
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "hand-built");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, TopicRecords.brokers());
        properties.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        properties.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        try {
            properties.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createTempDirectory("hand-built-streams").toString());
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return new KafkaStreams(builder.build(), properties);
    }
}
