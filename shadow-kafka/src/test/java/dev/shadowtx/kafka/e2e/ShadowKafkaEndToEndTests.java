package dev.shadowtx.kafka.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The whole chain on real components: an HTTP request on the application's own port, a
 * {@code KafkaTemplate} send, the embedded broker, a listener that writes to a database and calls
 * a collaborator over HTTP (WireMock): a read, which the default HTTP policy lets through with the
 * marker, and a write, which it blocks in shadow.
 */
@SpringBootTest(
        classes = ShadowKafkaEndToEndTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "spring.datasource.url=jdbc:h2:mem:shadow-kafka-e2e;DB_CLOSE_DELAY=-1"
        })
class ShadowKafkaEndToEndTests {

    static final WireMockServer collaborator = new WireMockServer(options().dynamicPort());

    static {
        collaborator.start();
        collaborator.stubFor(get(urlPathEqualTo("/stock/check"))
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        collaborator.stubFor(
                post(urlPathEqualTo("/charges")).willReturn(aResponse().withStatus(201)));
    }

    @DynamicPropertySource
    static void collaboratorUrl(DynamicPropertyRegistry registry) {
        registry.add("collaborator.url", collaborator::baseUrl);
    }

    @AfterAll
    static void stopCollaborator() {
        collaborator.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    OrderProcessor processor;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shadowRequestPublishesToTheShadowTopicAndItsConsumerRunsInShadowWithoutCommitting() throws Exception {
        String id = TopicRecords.key("e2e-shadow");
        assertThat(placeOrder(id, Map.of("X-Shadow", "shadow"))).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> this.processor.completion(id) != null);
        assertThat(this.processor.completion(id)).isEqualTo("shadow-order-processor:shadow:charge-blocked");
        assertThat(rows(id)).isZero();
        collaborator.verify(
                1,
                getRequestedFor(urlPathEqualTo("/stock/check"))
                        .withQueryParam("order", equalTo(id))
                        .withHeader("X-Shadow", equalTo("shadow")));
        collaborator.verify(0, postRequestedFor(urlPathEqualTo("/charges")).withQueryParam("order", equalTo(id)));

        List<ConsumerRecord<String, String>> onShadowTopic = TopicRecords.withKeys("orders.shadow", false, id);
        assertThat(onShadowTopic)
                .singleElement()
                .satisfies((record) ->
                        assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow"));
        assertThat(TopicRecords.withKeys("orders", false, id)).isEmpty();
    }

    @Test
    void liveRequestTakesTheSameChainAndCommitsEverything() throws Exception {
        String id = TopicRecords.key("e2e-live");
        assertThat(placeOrder(id, Map.of())).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> this.processor.completion(id) != null);
        assertThat(this.processor.completion(id)).isEqualTo("order-processor:live:charged");
        await().atMost(Duration.ofSeconds(5)).until(() -> rows(id) == 1);
        collaborator.verify(
                1,
                getRequestedFor(urlPathEqualTo("/stock/check"))
                        .withQueryParam("order", equalTo(id))
                        .withoutHeader("X-Shadow"));
        collaborator.verify(1, postRequestedFor(urlPathEqualTo("/charges")).withQueryParam("order", equalTo(id)));
        assertThat(TopicRecords.withKeys("orders", false, id))
                .singleElement()
                .satisfies((record) ->
                        assertThat(record.headers().lastHeader("X-Shadow")).isNull());
        assertThat(TopicRecords.withKeys("orders.shadow", false, id)).isEmpty();
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern equalTo(String value) {
        return com.github.tomakehurst.wiremock.client.WireMock.equalTo(value);
    }

    private int rows(String id) {
        return this.jdbc.queryForObject("select count(*) from processed_orders where id = ?", Integer.class, id);
    }

    private int placeOrder(String id, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + this.port + "/orders/" + id))
                .POST(HttpRequest.BodyPublishers.ofString("2 widgets"))
                .header("Content-Type", "text/plain");
        headers.forEach(request::header);
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @RestController
    static class OrderController {

        private final KafkaTemplate<String, String> kafka;

        OrderController(KafkaTemplate<String, String> kafka) {
            this.kafka = kafka;
        }

        @PostMapping("/orders/{id}")
        ResponseEntity<Void> place(@PathVariable String id, @RequestBody String body) throws Exception {
            this.kafka.send("orders", id, body).get(10, TimeUnit.SECONDS);
            return ResponseEntity.status(HttpStatus.ACCEPTED).build();
        }
    }

    @Component
    static class OrderProcessor {

        private final Map<String, String> completed = new ConcurrentHashMap<>();

        private final JdbcTemplate jdbc;

        private final RestClient collaborator;

        OrderProcessor(
                JdbcTemplate jdbc,
                RestClient.Builder restClient,
                @Value("${collaborator.url}") String collaboratorUrl) {
            this.jdbc = jdbc;
            this.collaborator = restClient.baseUrl(collaboratorUrl).build();
            jdbc.execute(
                    "create table if not exists processed_orders (id varchar(200) primary key, body varchar(200))");
        }

        @Transactional
        @KafkaListener(id = "order-processor", topics = "orders")
        public void process(ConsumerRecord<String, String> record) {
            handle("order-processor", record);
        }

        @Transactional
        @KafkaListener(id = "shadow-order-processor", topics = "orders.shadow")
        public void processShadow(ConsumerRecord<String, String> record) {
            handle("shadow-order-processor", record);
        }

        public @Nullable String completion(String id) {
            return this.completed.get(id);
        }

        private void handle(String listener, ConsumerRecord<String, String> record) {
            this.jdbc.update("insert into processed_orders (id, body) values (?, ?)", record.key(), record.value());
            this.collaborator
                    .get()
                    .uri("/stock/check?order={id}", record.key())
                    .retrieve()
                    .toBodilessEntity();
            String charge;
            try {
                this.collaborator
                        .post()
                        .uri("/charges?order={id}", record.key())
                        .retrieve()
                        .toBodilessEntity();
                charge = "charged";
            } catch (ShadowBlockedException ex) {
                charge = "charge-blocked";
            }
            String mode = ShadowContextHolder.currentMode()
                    .map((m) -> m.markerValue())
                    .orElse("live");
            this.completed.put(record.key(), listener + ":" + mode + ":" + charge);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({OrderController.class, OrderProcessor.class})
    static class App {

        @Bean
        NewTopic orders() {
            return TopicBuilder.name("orders").build();
        }
    }
}
