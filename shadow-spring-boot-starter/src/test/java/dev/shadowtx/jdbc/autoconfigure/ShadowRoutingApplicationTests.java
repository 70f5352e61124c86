package dev.shadowtx.jdbc.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.routing.RoutedDataSource;
import dev.shadowtx.core.routing.ShadowStoreMismatchException;
import dev.shadowtx.core.routing.ShadowStoreRouting;
import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real orders service on a real port, its live store on one PostgreSQL database and its
 * shadow store on another, routed with {@code shadow.jdbc.mode=ROUTE}.
 */
@SpringBootTest(
        classes = ShadowRoutingApplicationTests.OrdersApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShadowRoutingApplicationTests {

    private static final HttpClient http = HttpClient.newHttpClient();

    private static HikariDataSource liveStore;

    private static HikariDataSource shadowStore;

    @LocalServerPort
    private int port;

    @Autowired
    private RoutedOrderController orders;

    @Autowired
    private ShadowStoreRouting routing;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> database("routing_live"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("shadow.jdbc.mode", () -> "ROUTE");
        registry.add("shadow.datasource.url", () -> database("routing_shadow"));
        registry.add("shadow.datasource.username", () -> "postgres");
        registry.add("shadow.datasource.password", () -> "postgres");
        registry.add("spring.flyway.locations", () -> "classpath:db/shadow-routing");
        registry.add("spring.jpa.hibernate.ddl-auto", () -> "none");
    }

    @BeforeAll
    static void openStores() {
        liveStore = pool(database("routing_live"));
        shadowStore = pool(database("routing_shadow"));
    }

    @AfterAll
    static void closeStores() {
        liveStore.close();
        shadowStore.close();
    }

    @Test
    void startsWithTheRoutingCheckedAndDescribed() {
        assertThat(this.routing.routes()).singleElement().satisfies((route) -> {
            assertThat(route.verified()).isTrue();
            assertThat(route.databaseProduct()).isEqualTo("PostgreSQL");
            assertThat(route.liveUrl()).endsWith("/routing_live");
            assertThat(route.shadowUrl()).endsWith("/routing_shadow");
        });
    }

    @Test
    void aSyntheticFlowOverSeveralRequestsSeesItsOwnOrderOnlyInTheShadowStore() throws Exception {
        String item = "synthetic-" + UUID.randomUUID();
        String created = call("POST", "/orders?item=" + item, "synthetic").body();
        long id = Long.parseLong(created.split(" ")[0]);
        assertThat(created).endsWith(item + " NEW");

        HttpResponse<String> read = call("GET", "/orders/" + id, "synthetic");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(id + " " + item + " NEW");

        assertThat(call("POST", "/orders/" + id + "/pay", "synthetic").statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "/orders/" + id + "/jpa", "synthetic").body()).isEqualTo(id + " " + item + " PAID");

        assertThat(statusOf(shadowStore, item)).containsExactly("PAID");
        assertThat(statusOf(liveStore, item)).isEmpty();
        HttpResponse<String> liveRead = call("GET", "/orders/" + id, null);
        assertThat(liveRead.body()).doesNotContain(item);
    }

    @Test
    void ordersWrittenWithJdbcTemplateAreReadWithJpaInTheShadowStore() throws Exception {
        String item = "synthetic-jdbc-" + UUID.randomUUID();
        String created = call("POST", "/jdbc-orders?item=" + item, "synthetic").body();
        long id = Long.parseLong(created.split(" ")[0]);
        assertThat(call("GET", "/orders/" + id + "/jpa", "synthetic").body()).isEqualTo(id + " " + item + " NEW");
        assertThat(statusOf(shadowStore, item)).containsExactly("NEW");
        assertThat(statusOf(liveStore, item)).isEmpty();
    }

    @Test
    void liveTrafficInParallelOnlyTouchesTheLiveStore() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String live = "live-" + run + "-" + i;
                String synthetic = "synthetic-" + run + "-" + i;
                calls.add(executor.submit(() -> call("POST", "/orders?item=" + live, null)));
                calls.add(executor.submit(() -> call("POST", "/jdbc-orders?item=" + synthetic, "synthetic")));
            }
            for (Future<HttpResponse<String>> call : calls) {
                assertThat(call.get().statusCode()).isEqualTo(200);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(itemsLike(liveStore, "live-" + run + "-%")).hasSize(12);
        assertThat(itemsLike(liveStore, "synthetic-" + run + "-%")).isEmpty();
        assertThat(itemsLike(shadowStore, "synthetic-" + run + "-%")).hasSize(12);
        assertThat(itemsLike(shadowStore, "live-" + run + "-%")).isEmpty();
    }

    @Test
    void aJpaTransactionOpenedLiveRefusesShadowWorkInsteadOfSwitchingStore() {
        String live = "live-" + UUID.randomUUID();
        String synthetic = "synthetic-" + UUID.randomUUID();
        ShadowContext shadow = ShadowContext.of(ShadowMode.SYNTHETIC, MarkerSource.PROGRAMMATIC);
        assertThatException()
                .isThrownBy(() -> this.orders.createTwoInOneTransaction(live, shadow, synthetic))
                .withRootCauseInstanceOf(ShadowStoreMismatchException.class);
        assertThat(statusOf(liveStore, live)).isEmpty();
        assertThat(statusOf(liveStore, synthetic)).isEmpty();
        assertThat(statusOf(shadowStore, synthetic)).isEmpty();
    }

    @Test
    void aJpaTransactionOpenedInShadowStaysOnTheShadowStoreWhenTheContextIsCleared() {
        String first = "synthetic-" + UUID.randomUUID();
        String second = "cleared-" + UUID.randomUUID();
        ShadowContext shadow = ShadowContext.of(ShadowMode.SYNTHETIC, MarkerSource.PROGRAMMATIC);
        try (var scope = dev.shadowtx.core.context.ShadowContextHolder.bind(shadow)) {
            this.orders.createTwoInOneTransaction(first, null, second);
        }
        assertThat(statusOf(shadowStore, first)).containsExactly("NEW");
        assertThat(statusOf(shadowStore, second)).containsExactly("NEW");
        assertThat(statusOf(liveStore, first)).isEmpty();
        assertThat(statusOf(liveStore, second)).isEmpty();
    }

    @Test
    void theApplicationSeesOnlyThePrimaryDataSourceRouted(@Autowired javax.sql.DataSource dataSource) {
        assertThat(dataSource).isInstanceOf(RoutedDataSource.class).isInstanceOf(HikariDataSource.class);
    }

    private HttpResponse<String> call(String method, String path, String marker)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (marker != null) {
            request.header("X-Shadow", marker);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> statusOf(HikariDataSource store, String item) {
        return new JdbcTemplate(store)
                .queryForList("select status from routed_orders where item = ?", String.class, item);
    }

    private static List<String> itemsLike(HikariDataSource store, String pattern) {
        return new JdbcTemplate(store)
                .queryForList("select item from routed_orders where item like ?", String.class, pattern);
    }

    private static String database(String name) {
        String admin = EmbeddedPostgresServer.jdbcUrl();
        try (Connection connection = DriverManager.getConnection(admin, "postgres", "postgres")) {
            boolean exists;
            try (var query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                query.setString(1, name);
                exists = query.executeQuery().next();
            }
            if (!exists) {
                try (var create = connection.createStatement()) {
                    create.execute("create database " + name);
                }
            }
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return admin.replace("/postgres?", "/" + name + "?");
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("postgres");
        pool.setPassword("postgres");
        pool.setMaximumPoolSize(2);
        return pool;
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(RoutedOrderController.class)
    static class OrdersApplication {}
}
