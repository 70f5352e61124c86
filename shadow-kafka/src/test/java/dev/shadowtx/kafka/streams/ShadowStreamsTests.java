package dev.shadowtx.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.audit.ChannelCoverage;
import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.TopicBuilder;

/**
 * A Kafka Streams topology built through Spring runs a marked record in shadow: its processors
 * run with the shadow context bound (a database write rolls back), what it forwards to a sink
 * topic goes to the shadow topic (also with no processor in between), a stateful step never
 * counts it, and a global table never holds it. The live twin of each case commits its row,
 * reaches the live sink, is counted and enters the table.
 */
@SpringBootTest(
        classes = ShadowStreamsTests.App.class,
        properties = {
            "spring.main.web-application-type=none",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.kafka.streams.application-id=shadow-streams-tests",
            "spring.kafka.streams.properties.commit.interval.ms=100",
            "spring.kafka.streams.properties.statestore.cache.max.bytes=0",
            "spring.kafka.streams.properties.default.key.serde=org.apache.kafka.common.serialization.Serdes$StringSerde",
            "spring.kafka.streams.properties.default.value.serde=org.apache.kafka.common.serialization.Serdes$StringSerde",
            "spring.kafka.streams.properties.auto.offset.reset=earliest",
            "spring.kafka.streams.cleanup.on-startup=true",
            "spring.datasource.url=jdbc:h2:mem:shadow-streams;DB_CLOSE_DELAY=-1"
        })
class ShadowStreamsTests {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void markedRecordRunsInShadowAndReachesOnlyTheShadowSinkWhileItsLiveTwinCommitsAndReachesTheLiveSink() {
        StreamsSinks.Sent sent = StreamsSinks.markedAndLive("streams-in", "streams", "X-Shadow", "shadow");

        StreamsSinks.liveTwinOnlyOnTheLiveSink("streams-out", sent);
        StreamsSinks.markedOnTheShadowSink("streams-out", sent, "shadow");
        assertThat(rows(sent.liveKey())).isEqualTo(1);
        assertThat(rows(sent.shadowKey())).isZero();
    }

    @Test
    void markedRecordForwardedWithNoProcessorInBetweenReachesOnlyTheShadowSink() {
        StreamsSinks.Sent sent =
                StreamsSinks.markedAndLive("streams-direct-in", "streams-direct", "baggage", "shadow=synthetic");

        StreamsSinks.liveTwinOnlyOnTheLiveSink("streams-direct-out", sent);
        StreamsSinks.markedOnTheShadowSink("streams-direct-out", sent, "synthetic");
    }

    @Test
    void markedRecordNeverChangesLiveStateOfAStatefulStep() {
        String key = TopicRecords.key("streams-count");
        TopicRecords.send("streams-count-in", key);
        TopicRecords.send("streams-count-in", key, "X-Shadow", "shadow");
        TopicRecords.send("streams-count-in", key);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(TopicRecords.withKeys("streams-counts", false, key))
                        .extracting(ConsumerRecord::value)
                        .containsExactly("1", "2"));
        assertThat(TopicRecords.withKeys("streams-counts.shadow", false, key)).isEmpty();
    }

    @Test
    void markedRecordOnAGlobalTableTopicNeverEntersTheTable(@Autowired StreamsBuilderFactoryBean factory) {
        String shadowKey = TopicRecords.key("streams-global-shadow");
        String liveKey = TopicRecords.key("streams-global-live");
        TopicRecords.send("streams-global", shadowKey, "X-Shadow", "shadow");
        TopicRecords.send("streams-global", liveKey);

        KafkaStreams streams = Objects.requireNonNull(factory.getKafkaStreams());
        ReadOnlyKeyValueStore<String, String> table = streams.store(StoreQueryParameters.fromNameAndType(
                "streams-global-store", QueryableStoreTypes.<String, String>keyValueStore()));
        await().atMost(Duration.ofSeconds(30)).until(() -> table.get(liveKey) != null);
        assertThat(table.get(shadowKey)).isNull();
    }

    @Test
    void leakAuditListsTheTopologyAsGuarded(@Autowired ShadowLeakAudit audit) {
        assertThat(audit.inventory().channels())
                .filteredOn((channel) -> channel.kind().tagValue().equals("kafka-streams"))
                .singleElement()
                .satisfies((channel) -> assertThat(channel.coverage()).isEqualTo(ChannelCoverage.GUARDED));
    }

    private int rows(String key) {
        Integer count = this.jdbc.queryForObject("select count(*) from streams_rows where id = ?", Integer.class, key);
        return (count != null) ? count : 0;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableKafkaStreams
    static class App {

        @Bean
        KStream<String, String> processed(StreamsBuilder builder, JdbcTemplate jdbc) {
            jdbc.execute("create table if not exists streams_rows (id varchar(100) primary key)");
            KStream<String, String> stream =
                    builder.stream("streams-in", Consumed.with(Serdes.String(), Serdes.String()));
            stream.mapValues((value) -> value.toUpperCase(java.util.Locale.ROOT))
                    .peek((key, value) -> jdbc.update("insert into streams_rows (id) values (?)", key))
                    .to("streams-out", Produced.with(Serdes.String(), Serdes.String()));
            return stream;
        }

        @Bean
        KStream<String, String> direct(StreamsBuilder builder) {
            KStream<String, String> stream =
                    builder.stream("streams-direct-in", Consumed.with(Serdes.String(), Serdes.String()));
            stream.to("streams-direct-out", Produced.with(Serdes.String(), Serdes.String()));
            return stream;
        }

        @Bean
        KStream<String, String> counted(StreamsBuilder builder) {
            KStream<String, String> stream =
                    builder.stream("streams-count-in", Consumed.with(Serdes.String(), Serdes.String()));
            stream.groupByKey()
                    .count()
                    .toStream()
                    .mapValues(String::valueOf)
                    .to("streams-counts", Produced.with(Serdes.String(), Serdes.String()));
            return stream;
        }

        @Bean
        GlobalKTable<String, String> globalTable(StreamsBuilder builder) {
            return builder.globalTable(
                    "streams-global",
                    Consumed.with(Serdes.String(), Serdes.String()),
                    Materialized.as("streams-global-store"));
        }

        @Bean
        NewTopic streamsGlobal() {
            return TopicBuilder.name("streams-global").partitions(1).build();
        }

        @Bean
        NewTopic streamsIn() {
            return TopicBuilder.name("streams-in").partitions(1).build();
        }

        @Bean
        NewTopic streamsOut() {
            return TopicBuilder.name("streams-out").partitions(1).build();
        }

        @Bean
        NewTopic streamsDirectIn() {
            return TopicBuilder.name("streams-direct-in").partitions(1).build();
        }

        @Bean
        NewTopic streamsDirectOut() {
            return TopicBuilder.name("streams-direct-out").partitions(1).build();
        }

        @Bean
        NewTopic streamsCountIn() {
            return TopicBuilder.name("streams-count-in").partitions(1).build();
        }

        @Bean
        NewTopic streamsCounts() {
            return TopicBuilder.name("streams-counts").partitions(1).build();
        }
    }
}
