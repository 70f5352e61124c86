package dev.shadowtx.compare.autoconfigure;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * A service that runs the analyzer on the embedded broker, with a short window so that tests see
 * verdicts quickly. Every test class that uses {@link AnalyzerApplicationTest} shares one context
 * and one broker.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class AnalyzerTestApplication {

    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @SpringBootTest(
            classes = AnalyzerTestApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "spring.kafka.streams.state-dir=${java.io.tmpdir}/shadow-compare-analyzer-tests-${random.uuid}",
                "shadow.compare.analyzer.enabled=true",
                "shadow.compare.analyzer.application-id=analyzer-tests-${random.uuid}",
                "shadow.compare.analyzer.window=1s",
                "shadow.compare.analyzer.grace=500ms",
                "management.endpoints.web.exposure.include=shadowcompare,metrics",
                "spring.kafka.streams.properties.commit.interval.ms=200"
            })
    @EmbeddedKafka(partitions = 2, topics = "shadow.exchanges")
    @interface AnalyzerApplicationTest {}

    /** Publishes exchange records as a capturing service would: keyed by correlation id. */
    static void publish(String brokers, Iterable<String[]> keyAndValues) {
        Map<String, Object> config = KafkaTestUtils.producerProps(brokers);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (String[] record : keyAndValues) {
                producer.send(new ProducerRecord<>("shadow.exchanges", record[0], record[1]));
            }
            producer.flush();
        }
    }
}
