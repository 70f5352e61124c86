package dev.shadowtx.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.audit.AuditedChannel;
import dev.shadowtx.audit.ShadowLeakAudit;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo flow of the README, on the embedded defaults (H2, the in-process KRaft broker and the
 * in-process payments provider and test double): a live order commits, charges the provider and
 * publishes on {@code orders}; the same order marked as shadow in each of the supported ways runs
 * the same path and leaves no row, charges only the test double and publishes on
 * {@code orders.shadow} only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Autowired
    JdbcClient jdbc;

    RestClient client;

    KafkaConsumer<String, String> topics;

    @BeforeEach
    void connect() {
        this.client = RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory(HttpClient.newHttpClient()))
                .baseUrl("http://127.0.0.1:" + this.port)
                .build();
        this.topics = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers),
                new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions =
                List.of(new TopicPartition("orders", 0), new TopicPartition("orders.shadow", 0));
        this.topics.assign(partitions);
        this.topics.seekToBeginning(partitions);
    }

    @AfterEach
    void disconnect() {
        this.topics.close();
    }

    @Autowired
    ShadowLeakAudit audit;

    @Test
    void everySideEffectChannelOfTheSampleIsCovered() {
        assertThat(this.audit.inventory().uncovered()).isEmpty();
        assertThat(this.audit.inventory().channels())
                .extracting(AuditedChannel::beanName)
                .contains("dataSource", "transactionManager", "kafkaTemplate");
    }

    @Test
    void liveOrderCommitsChargesTheProviderAndFeedsTheReadModel() {
        String item = unique("live");
        JsonNode order = post(item, (headers) -> {});
        long id = order.path("id").asLong();

        assertThat(order.path("mode").asString()).isEqualTo("live");
        assertThat(order.path("status").asString()).isEqualTo("PAID");
        assertThat(orderRows(item)).isEqualTo(1);
        assertThat(get("/orders/" + id).path("item").asString()).isEqualTo(item);
        assertThat(charges("live", id)).containsExactly("live");
        assertThat(charges("test-double", id)).isEmpty();
        assertThat(topicsCarrying(item)).containsExactly("orders");
        await().atMost(WAIT).untilAsserted(() -> assertThat(readModelRows(item)).isEqualTo(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("markers")
    void markedOrderRunsTheSamePathAndLeavesNothingLive(String marker, String mode, Consumer<HttpHeaders> mark) {
        String item = unique(marker);
        JsonNode live = post(unique("live"), (headers) -> {});
        JsonNode shadow = post(item, mark);
        long id = shadow.path("id").asLong();

        assertThat(shadow.path("mode").asString()).isEqualTo(mode);
        assertThat(withoutIdentity(shadow)).isEqualTo(withoutIdentity(live));
        assertThat(orderRows(item)).isZero();
        Integer status = this.client
                .get()
                .uri("/orders/{id}", id)
                .exchange((request, response) -> response.getStatusCode().value());
        assertThat(status).isEqualTo(404);
        assertThat(charges("test-double", id)).containsExactly(mode);
        assertThat(charges("live", id)).isEmpty();
        assertThat(topicsCarrying(item)).containsExactly("orders.shadow");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(listenerSaw(item)).containsExactly("orders.shadow:" + mode));
        assertThat(readModelRows(item)).isZero();
    }

    static List<Arguments> markers() {
        return List.of(
                Arguments.of("envoy-host-suffix", "shadow", (Consumer<HttpHeaders>)
                        (headers) -> headers.set(HttpHeaders.HOST, "orders-shadow:8080")),
                Arguments.of("x-shadow-header", "shadow", (Consumer<HttpHeaders>)
                        (headers) -> headers.set("X-Shadow", "shadow")),
                Arguments.of("baggage", "shadow", (Consumer<HttpHeaders>)
                        (headers) -> headers.set("baggage", "userId=alice,shadow=shadow")),
                Arguments.of("synthetic", "synthetic", (Consumer<HttpHeaders>)
                        (headers) -> headers.set("X-Shadow", "synthetic")));
    }

    @Test
    void actuatorShowsTheShadowCounts() {
        post(unique("counted"), (headers) -> headers.set("X-Shadow", "shadow"));

        JsonNode shadow = get("/actuator/shadow");
        assertThat(shadow.path("counters").toString()).contains("shadow.requests", "shadow.outbound");
        JsonNode requests = get("/actuator/metrics/shadow.requests?tag=source:header");
        assertThat(requests.path("measurements").get(0).path("value").asDouble())
                .isPositive();
    }

    private JsonNode post(String item, Consumer<HttpHeaders> mark) {
        String body = this.client
                .post()
                .uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(mark)
                .body(Map.of("item", item, "quantity", 2))
                .retrieve()
                .body(String.class);
        return this.json.readTree(body);
    }

    private JsonNode get(String path) {
        return this.json.readTree(this.client.get().uri(path).retrieve().body(String.class));
    }

    private int orderRows(String item) {
        return this.jdbc
                .sql("select count(*) from orders where item = ?")
                .param(item)
                .query(Integer.class)
                .single();
    }

    private int readModelRows(String item) {
        return this.jdbc
                .sql("select count(*) from order_view where item = ?")
                .param(item)
                .query(Integer.class)
                .single();
    }

    /**
     * Modes in which a collaborator received a charge for an order, from {@code /demo/payments}.
     */
    private List<String> charges(String collaborator, long orderId) {
        List<String> modes = new ArrayList<>();
        for (JsonNode charge : get("/demo/payments").path(collaborator)) {
            if (charge.path("orderId").asString().equals(String.valueOf(orderId))) {
                modes.add(charge.path("mode").asString());
            }
        }
        return modes;
    }

    /**
     * {@code topic:mode} of each record the listener handled for an item, from {@code /demo/events}.
     */
    private List<String> listenerSaw(String item) {
        List<String> seen = new ArrayList<>();
        for (JsonNode event : get("/demo/events")) {
            if (event.path("item").asString().equals(item)) {
                seen.add(event.path("topic").asString() + ":"
                        + event.path("mode").asString());
            }
        }
        return seen;
    }

    /**
     * Topics of the records about an item, read by a consumer of its own on both topics, once the
     * record is there (the send completed before the HTTP response, so it is already on a topic).
     */
    private List<String> topicsCarrying(String item) {
        List<String> found = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            for (ConsumerRecord<String, String> record : this.topics.poll(Duration.ofMillis(200))) {
                if (record.value().contains("\"" + item + "\"")) {
                    found.add(record.topic());
                }
            }
            return !found.isEmpty();
        });
        return found;
    }

    private static JsonNode withoutIdentity(JsonNode order) {
        ObjectNode copy = (ObjectNode) order.deepCopy();
        copy.remove(List.of("id", "item", "mode"));
        return copy;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
