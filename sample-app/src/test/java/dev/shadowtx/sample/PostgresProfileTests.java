package dev.shadowtx.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The {@code postgres} profile against a real PostgreSQL server ({@code wal_level=logical}, a live
 * database and a shadow store) and a broker that has no topics: the schema is created on both
 * stores, the application's {@code KafkaAdmin} creates {@code orders} and its shadow twin, a live
 * order commits on the live database and reaches the shadow store by change data capture, a shadow
 * order commits on the shadow store only, and the shadow event is consumed from
 * {@code orders.shadow} without a trace in the live read model.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresProfileTests {

    private static EmbeddedPostgres postgres;

    private static EmbeddedKafkaKraftBroker kafka;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("shadowDataSource")
    DataSource shadowStore;

    @DynamicPropertySource
    static void realServers(DynamicPropertyRegistry registry) throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("wal_level", "logical")
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database orders_shadow");
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("shadow.datasource.url", () -> postgres.getJdbcUrl("postgres", "orders_shadow"));
        registry.add("shadow.datasource.username", () -> "postgres");
        registry.add("shadow.datasource.password", () -> "postgres");
        registry.add("spring.kafka.bootstrap-servers", kafka::getBrokersAsString);
    }

    @AfterAll
    static void stop() throws IOException {
        kafka.destroy();
        postgres.close();
    }

    @Test
    void liveOrderCommitsOnPostgresAndShadowOrderDoesNot() {
        RestClient client = RestClient.create("http://127.0.0.1:" + this.port);
        Map<String, Object> order = Map.of("item", "pg-book", "quantity", 1);
        Map<?, ?> liveOrder = client.post()
                .uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .body(order)
                .retrieve()
                .body(Map.class);
        client.post()
                .uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Shadow", "shadow")
                .body(Map.of("item", "pg-shadow-book", "quantity", 1))
                .retrieve()
                .toBodilessEntity();

        assertThat(this.jdbc.sql("select item from orders").query(String.class).list())
                .containsExactly("pg-book");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                client.get().uri("/demo/events").retrieve().body(String.class))
                        .contains("\"topic\":\"orders\"", "\"topic\":\"orders.shadow\""));
        assertThat(this.jdbc
                        .sql("select item from order_view")
                        .query(String.class)
                        .list())
                .containsExactly("pg-book");

        // the shadow store: the live order arrived by change data capture, the shadow one is its own
        JdbcClient shadow = JdbcClient.create(this.shadowStore);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(shadow.sql("select item from orders order by id")
                                .query(String.class)
                                .list())
                        .containsExactly("pg-book", "pg-shadow-book"));
        Map<?, ?> seenInShadow = client.get()
                .uri("/orders/{id}", liveOrder.get("id"))
                .header("X-Shadow", "shadow")
                .retrieve()
                .body(Map.class);
        assertThat(seenInShadow.get("item")).isEqualTo("pg-book");
        assertThat(seenInShadow.get("mode")).isEqualTo("shadow");
    }
}
