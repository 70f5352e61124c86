package dev.shadowtx.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.audit.ChannelCoverage;
import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;

/**
 * A {@code KafkaStreams} the application builds itself ({@code new KafkaStreams(topology,
 * properties)} declared as a bean, started by a lifecycle bean of its own) runs marked records in
 * shadow exactly like a topology built through Spring: a processor's database write rolls back,
 * what the topology sends to a sink topic goes to the shadow topic (also with no processor in
 * between), while the live twin of each record commits its row and reaches the live sink. The
 * state listener the application set on its instance still hears the instance.
 */
@SpringBootTest(
        classes = HandBuiltStreamsTests.App.class,
        properties = {
            "spring.main.web-application-type=none",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.datasource.url=jdbc:h2:mem:hand-built-streams;DB_CLOSE_DELAY=-1"
        })
class HandBuiltStreamsTests {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void markedRecordRunsInShadowAndReachesOnlyTheShadowSinkWhileItsLiveTwinCommitsAndReachesTheLiveSink() {
        StreamsSinks.Sent sent = StreamsSinks.markedAndLive("hand-built-in", "hand-built", "X-Shadow", "shadow");

        assertThat(StreamsSinks.liveTwinOnlyOnTheLiveSink("hand-built-out", sent)
                        .value())
                .isEqualTo(("value of " + sent.liveKey()).toUpperCase(Locale.ROOT));
        StreamsSinks.markedOnTheShadowSink("hand-built-out", sent, "shadow");
        assertThat(rows(sent.liveKey())).isEqualTo(1);
        assertThat(rows(sent.shadowKey())).isZero();
    }

    @Test
    void markedRecordForwardedWithNoProcessorInBetweenReachesOnlyTheShadowSink() {
        StreamsSinks.Sent sent =
                StreamsSinks.markedAndLive("hand-built-direct-in", "hand-built-direct", "baggage", "shadow=synthetic");

        StreamsSinks.liveTwinOnlyOnTheLiveSink("hand-built-direct-out", sent);
        StreamsSinks.markedOnTheShadowSink("hand-built-direct-out", sent, "synthetic");
    }

    @Test
    void markedRecordNeverChangesTheStateOfAProcessorOfTheApplicationsOwnWithAStore() {
        String key = TopicRecords.key("hand-built-count");
        TopicRecords.send("hand-built-count-in", key);
        TopicRecords.send("hand-built-count-in", key, "X-Shadow", "shadow");
        TopicRecords.send("hand-built-count-in", key);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(TopicRecords.withKeys("hand-built-counts", false, key))
                        .extracting(ConsumerRecord::value)
                        .containsExactly("1", "2"));
        assertThat(TopicRecords.withKeys("hand-built-counts.shadow", false, key))
                .isEmpty();
    }

    @Test
    void injectedInstanceIsTheGuardedOneAndTheApplicationsStateListenerHearsIt(
            @Autowired KafkaStreams streams, @Autowired List<KafkaStreams.State> states) {
        assertThat(streams)
                .isInstanceOfSatisfying(
                        GuardedKafkaStreams.class,
                        (guarded) -> assertThat(guarded.processorsWrapped()).isTrue());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(states).contains(KafkaStreams.State.RUNNING));
    }

    @Test
    void leakAuditListsTheInstanceAsGuarded(@Autowired ShadowLeakAudit audit) {
        assertThat(audit.inventory().channels())
                .filteredOn((channel) -> channel.beanName().equals("handBuiltStreams"))
                .singleElement()
                .satisfies((channel) -> {
                    assertThat(channel.kind().tagValue()).isEqualTo("kafka-streams");
                    assertThat(channel.coverage()).isEqualTo(ChannelCoverage.GUARDED);
                });
    }

    private int rows(String key) {
        Integer count =
                this.jdbc.queryForObject("select count(*) from hand_built_rows where id = ?", Integer.class, key);
        return (count != null) ? count : 0;
    }

    static Properties streamsProperties(String applicationId, String brokers) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        properties.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        properties.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        properties.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        try {
            properties.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createTempDirectory(applicationId).toString());
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return properties;
    }

    static final String COUNTS_STORE = "hand-built-counts-store";

    /**
     * A processor of the application's own that counts records per key in a store it takes when
     * it is initialised, and forwards the count.
     */
    static final class CountingProcessor implements Processor<String, String, String, String> {

        private @Nullable ProcessorContext<String, String> context;

        private @Nullable KeyValueStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.counts = context.getStateStore(COUNTS_STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            KeyValueStore<String, Long> store = Objects.requireNonNull(this.counts);
            Long previous = store.get(record.key());
            long count = (previous != null) ? previous + 1 : 1;
            store.put(record.key(), count);
            Objects.requireNonNull(this.context).forward(record.withValue(String.valueOf(count)));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        List<KafkaStreams.State> states() {
            return new CopyOnWriteArrayList<>();
        }

        @Bean
        KafkaStreams handBuiltStreams(
                JdbcTemplate jdbc,
                List<KafkaStreams.State> states,
                @Value("${spring.kafka.bootstrap-servers}") String brokers) {
            jdbc.execute("create table if not exists hand_built_rows (id varchar(100) primary key)");
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("hand-built-in", Consumed.with(Serdes.String(), Serdes.String()))
                    .peek((key, value) -> jdbc.update("insert into hand_built_rows (id) values (?)", key))
                    .mapValues((value) -> value.toUpperCase(Locale.ROOT))
                    .to("hand-built-out", Produced.with(Serdes.String(), Serdes.String()));
            builder.stream("hand-built-direct-in", Consumed.with(Serdes.String(), Serdes.String()))
                    .to("hand-built-direct-out", Produced.with(Serdes.String(), Serdes.String()));
            builder.addStateStore(Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(COUNTS_STORE), Serdes.String(), Serdes.Long()));
            builder.stream("hand-built-count-in", Consumed.with(Serdes.String(), Serdes.String()))
                    .process(CountingProcessor::new, COUNTS_STORE)
                    .to("hand-built-counts", Produced.with(Serdes.String(), Serdes.String()));
            KafkaStreams streams =
                    new KafkaStreams(builder.build(), streamsProperties("hand-built-streams-tests", brokers));
            streams.setStateListener((newState, oldState) -> states.add(newState));
            return streams;
        }

        @Bean
        SmartLifecycle handBuiltStreamsStarter(KafkaStreams handBuiltStreams) {
            return new SmartLifecycle() {

                private volatile boolean running;

                @Override
                public void start() {
                    handBuiltStreams.start();
                    this.running = true;
                }

                @Override
                public void stop() {
                    handBuiltStreams.close();
                    this.running = false;
                }

                @Override
                public boolean isRunning() {
                    return this.running;
                }
            };
        }

        @Bean
        NewTopic handBuiltCountIn() {
            return TopicBuilder.name("hand-built-count-in").partitions(1).build();
        }

        @Bean
        NewTopic handBuiltCounts() {
            return TopicBuilder.name("hand-built-counts").partitions(1).build();
        }

        @Bean
        NewTopic handBuiltIn() {
            return TopicBuilder.name("hand-built-in").partitions(1).build();
        }

        @Bean
        NewTopic handBuiltOut() {
            return TopicBuilder.name("hand-built-out").partitions(1).build();
        }

        @Bean
        NewTopic handBuiltDirectIn() {
            return TopicBuilder.name("hand-built-direct-in").partitions(1).build();
        }

        @Bean
        NewTopic handBuiltDirectOut() {
            return TopicBuilder.name("hand-built-direct-out").partitions(1).build();
        }
    }
}
