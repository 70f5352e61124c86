package dev.shadowtx.benchmarks.compare;

import dev.shadowtx.compare.analyzer.AnalyzerControl;
import dev.shadowtx.compare.analyzer.AnalyzerEvents;
import dev.shadowtx.compare.analyzer.AnalyzerSettings;
import dev.shadowtx.compare.analyzer.AnalyzerTopology;
import dev.shadowtx.compare.analyzer.ComparisonRules;
import dev.shadowtx.compare.analyzer.Thresholds;
import dev.shadowtx.compare.testsupport.ExchangeWorkload;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Records analysed per second: a backlog of generated exchange records (primary, secondary and
 * candidate per request, three endpoints) on an embedded KRaft broker, then the analyzer topology
 * with RocksDB stores, as deployed, judges all of it. The steady rate is measured between 10 % and
 * 90 % of the comparisons, so broker start, Kafka Streams' rebalance and the last window are not
 * in it; the end-to-end rate, which includes them, is printed too.
 *
 * <p>{@code -Dtriples=N} (default 20 000), {@code -Dpartitions=N} (default 2),
 * {@code -Dthreads=N} stream threads (default 1).
 */
public final class AnalyzerThroughput {

    private static final String TOPIC = "shadow.exchanges";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private AnalyzerThroughput() {}

    public static void main(String[] args) throws Exception {
        int triples = Integer.getInteger("triples", 20_000);
        int partitions = Integer.getInteger("partitions", 2);
        int threads = Integer.getInteger("threads", 1);
        int records = triples * 3;
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, TOPIC);
        broker.afterPropertiesSet();
        Path stateDir = Files.createTempDirectory("analyzer-throughput");
        try {
            long producing = System.nanoTime();
            produce(broker.getBrokersAsString(), triples);
            double produceSeconds = (System.nanoTime() - producing) / 1e9;

            Progress progress = new Progress(triples);
            AnalyzerSettings settings = new AnalyzerSettings(
                    TOPIC,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    ComparisonRules.defaults(),
                    Thresholds.defaults(),
                    3,
                    false);
            StreamsBuilder builder = new StreamsBuilder();
            AnalyzerTopology.define(builder, settings, progress, new AnalyzerControl());
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analyzer-throughput-" + UUID.randomUUID());
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
            config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
            config.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
            long started = System.nanoTime();
            try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
                streams.start();
                long deadline = started + Duration.ofMinutes(10).toNanos();
                while (progress.accounted() < records && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                long finished = System.nanoTime();
                if (progress.accounted() < records) {
                    throw new IllegalStateException("only " + progress.accounted() + " of " + records
                            + " records judged in 10 minutes (" + progress.compared.get() + " requests compared, "
                            + progress.unmatched.get() + " records unmatched)");
                }
                double steadySeconds = (progress.at90 - progress.at10) / 1e9;
                double steady = (records * 0.8) / steadySeconds;
                double perCpuSecond = (records * 0.8) / ((progress.cpuAt90 - progress.cpuAt10) / 1e9);
                double endToEnd = records / ((finished - started) / 1e9);
                System.out.printf(
                        "[compare] throughput: %d records (%d requests x primary/secondary/candidate, 3 endpoints),"
                                + " %d partitions, %d stream thread(s), RocksDB stores; steady %.0f records/s"
                                + " (10-90 %% of comparisons in %.2f s), %.0f records per CPU-second of the stream"
                                + " thread; end to end %.0f records/s (%.2f s including"
                                + " startup, rebalance and the last window); backlog produced in %.1f s;"
                                + " %d requests compared, %d records unmatched; %d cores, Java %s%n",
                        records,
                        triples,
                        partitions,
                        threads,
                        steady,
                        steadySeconds,
                        perCpuSecond,
                        endToEnd,
                        (finished - started) / 1e9,
                        produceSeconds,
                        progress.compared.get(),
                        progress.unmatched.get(),
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"));
            }
        } finally {
            broker.destroy();
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void produce(String brokers, int triples) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            new ExchangeWorkload(7)
                    .generate(triples, (key, json, timestamp) -> producer.send(new ProducerRecord<>(TOPIC, key, json)));
            producer.flush();
        }
    }

    /** Counts judged requests and notes when 10 % and 90 % of them were judged. */
    private static final class Progress implements AnalyzerEvents {

        private final AtomicLong compared = new AtomicLong();

        private final AtomicLong unmatched = new AtomicLong();

        private final long tenth;

        private final long nineTenths;

        private volatile long at10;

        private volatile long at90;

        private volatile long cpuAt10;

        private volatile long cpuAt90;

        Progress(int triples) {
            this.tenth = triples / 10;
            this.nineTenths = triples * 9L / 10;
        }

        long accounted() {
            return this.compared.get() * 3 + this.unmatched.get();
        }

        @Override
        public void unmatched(String service, String endpoint, boolean primary) {
            this.unmatched.incrementAndGet();
        }

        @Override
        public void compared(String service, String endpoint) {
            long count = this.compared.incrementAndGet();
            if (count == this.tenth) {
                this.at10 = System.nanoTime();
                this.cpuAt10 = THREADS.getCurrentThreadCpuTime();
            } else if (count == this.nineTenths) {
                this.at90 = System.nanoTime();
                this.cpuAt90 = THREADS.getCurrentThreadCpuTime();
            }
        }
    }
}
