package dev.shadowtx.compare.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A broker of its own, stopped while the service keeps serving.
 */
class BrokerOutageTests {

    @Test
    void aStoppedBrokerLeavesRequestLatencyUnchangedAndCountsTheDroppedRecords() throws Exception {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaKraftBroker(1, 1, SharedBroker.TOPIC);
        broker.afterPropertiesSet();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CaptureTestApplication.class)
                .properties(
                        "server.port=0",
                        "spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "shadow.compare.capture.enabled=true",
                        "shadow.compare.capture.queue-capacity=16",
                        "shadow.compare.capture.producer.linger.ms=0",
                        "shadow.compare.capture.producer.request.timeout.ms=2000",
                        "shadow.compare.capture.producer.delivery.timeout.ms=5000")
                .run()) {
            CaptureCounters counters = app.getBean(CaptureCounters.class);
            // the first record waits for the topic's metadata: publish one before measuring
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                timeRequests(app, 1);
                return counters.publishedCount() > 0;
            });
            List<Long> healthy = timeRequests(app, 100);
            await().atMost(Duration.ofSeconds(60)).until(() -> settled(counters) == counters.capturedCount());
            long publishedBeforeOutage = counters.publishedCount();
            long droppedBeforeOutage = dropped(counters);

            broker.destroy();
            List<Long> outage = timeRequests(app, 100);

            await().atMost(Duration.ofSeconds(60)).until(() -> dropped(counters) - droppedBeforeOutage >= 100);
            assertThat(counters.publishedCount()).isEqualTo(publishedBeforeOutage);
            long healthyMedian = percentile(healthy, 50);
            assertThat(percentile(outage, 50))
                    .isLessThanOrEqualTo(Math.max(3 * healthyMedian, healthyMedian + 50_000_000));
            assertThat(percentile(outage, 95))
                    .isLessThan(Duration.ofMillis(1000).toNanos());
        }
    }

    private static long dropped(CaptureCounters counters) {
        return counters.droppedQueueFullCount() + counters.droppedSendFailedCount();
    }

    private static long settled(CaptureCounters counters) {
        return counters.publishedCount() + counters.droppedSendFailedCount();
    }

    private static List<Long> timeRequests(ConfigurableApplicationContext app, int count) throws Exception {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = ExchangeCaptureIntegrationTests.get(
                    app, "/orders/" + i, UUID.randomUUID().toString(), false);
            nanos.add(System.nanoTime() - start);
            assertThat(response.statusCode()).isEqualTo(200);
        }
        return nanos;
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
    }
}
