package dev.shadowtx.jdbc.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.routing.RoutedDataSource;
import dev.shadowtx.core.routing.ShadowJdbcMode;
import dev.shadowtx.core.routing.ShadowRoutingPostProcessor;
import dev.shadowtx.core.routing.ShadowStoreRouting;
import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import dev.shadowtx.core.tx.ShadowDataSourceGuard;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class ShadowJdbcRoutingAutoConfigurationTests {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static final ShadowContext SYNTHETIC = ShadowContext.of(ShadowMode.SYNTHETIC, MarkerSource.HEADER);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowTransactionAutoConfiguration.class,
                    ShadowJdbcAutoConfiguration.class,
                    ShadowJdbcRoutingAutoConfiguration.class,
                    DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class,
                    FlywayAutoConfiguration.class))
            .withPropertyValues(
                    "spring.datasource.url=" + h2("live"), "spring.flyway.locations=classpath:db/shadow-routing");

    @AfterEach
    void clear() {
        ShadowContextHolder.clear();
    }

    @Test
    void rollbackModeRoutesNothing() {
        this.runner.run((context) -> {
            assertThat(context).doesNotHaveBean(ShadowRoutingPostProcessor.class);
            assertThat(context).doesNotHaveBean(ShadowStoreRouting.class);
            assertThat(context).doesNotHaveBean("shadowDataSource");
            DataSource dataSource = context.getBean(DataSource.class);
            assertThat(dataSource).isNotInstanceOf(RoutedDataSource.class);
            assertThat(ShadowDataSourceGuard.isGuarded(dataSource)).isTrue();
        });
    }

    @Test
    void routeModeServesShadowWorkFromTheShadowStoreBuiltFromProperties() {
        routed().withPropertyValues("shadow.datasource.hikari.maximum-pool-size=3")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(dataSource).isInstanceOf(HikariDataSource.class).isInstanceOf(RoutedDataSource.class);
                    assertThat(context.getBean("shadowDataSource"))
                            .isInstanceOfSatisfying(HikariDataSource.class, (shadow) -> {
                                assertThat(shadow.getMaximumPoolSize()).isEqualTo(3);
                                assertThat(shadow.getPoolName()).isEqualTo("shadow");
                            });
                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    insert(jdbc, "live-book");
                    try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
                        insert(jdbc, "synthetic-book");
                        assertThat(items(jdbc)).containsExactly("synthetic-book");
                    }
                    assertThat(items(jdbc)).containsExactly("live-book");
                    assertThat(items(shadowJdbc(context))).containsExactly("synthetic-book");
                });
    }

    @Test
    void routeModeShadowTransactionsCommitToTheShadowStore() {
        routed().run((context) -> {
            JdbcTransactionManager manager = context.getBean(JdbcTransactionManager.class);
            assertThat(manager.getTransactionExecutionListeners()).isEmpty();
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
                new TransactionTemplate(manager).executeWithoutResult((status) -> insert(jdbc, "synthetic-tx"));
            }
            assertThat(items(jdbc)).isEmpty();
            assertThat(items(shadowJdbc(context))).containsExactly("synthetic-tx");
        });
    }

    @Test
    void routeWithRollbackLeavesNoTraceEvenInTheShadowStore() {
        routed().withPropertyValues("shadow.jdbc.route.rollback=true").run((context) -> {
            JdbcTransactionManager manager = context.getBean(JdbcTransactionManager.class);
            assertThat(manager.getTransactionExecutionListeners()).hasSize(1);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
                insert(jdbc, "synthetic-auto-commit");
                new TransactionTemplate(manager).executeWithoutResult((status) -> insert(jdbc, "synthetic-tx"));
            }
            assertThat(items(jdbc)).isEmpty();
            assertThat(items(shadowJdbc(context))).isEmpty();
        });
    }

    @Test
    void flywayMigratesBothStoresAndTheRoutingDescribesThem() {
        routed().run((context) -> {
            assertThat(tables(context.getBean(JdbcTemplate.class))).contains("flyway_schema_history", "routed_orders");
            assertThat(tables(shadowJdbc(context))).contains("flyway_schema_history", "routed_orders");
            ShadowStoreRouting routing = context.getBean(ShadowStoreRouting.class);
            assertThat(routing.mode("dataSource")).isEqualTo(ShadowJdbcMode.ROUTE);
            assertThat(routing.routes()).singleElement().satisfies((route) -> {
                assertThat(route.dataSource()).isEqualTo("dataSource");
                assertThat(route.shadowDataSource()).isEqualTo("shadowDataSource");
                assertThat(route.rollback()).isFalse();
                assertThat(route.verified()).isTrue();
                assertThat(route.databaseProduct()).isEqualTo("H2");
                assertThat(route.shadowUrl()).startsWith("jdbc:h2:mem:shadow").doesNotContain(";");
            });
        });
    }

    @Test
    void shadowStoreIsMigratedAndCheckedEvenWithLazyInitialization() {
        routed().withInitializer((context) -> context.addBeanFactoryPostProcessor(
                        new org.springframework.boot.LazyInitializationBeanFactoryPostProcessor()))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ShadowStoreRouting.class).routes())
                            .singleElement()
                            .satisfies((route) -> assertThat(route.verified()).isTrue());
                    assertThat(tables(shadowJdbc(context))).contains("routed_orders");
                });
    }

    @Test
    void usersShadowDataSourceBeanServesShadowWork() {
        HikariDataSource own = new HikariDataSource();
        own.setJdbcUrl(h2("own"));
        this.runner
                .withPropertyValues("shadow.jdbc.mode=ROUTE")
                .withBean(
                        "shadowDataSource",
                        DataSource.class,
                        () -> own,
                        (definition) -> ((AbstractBeanDefinition) definition).setDefaultCandidate(false))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("shadowDataSourceProperties");
                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
                        insert(jdbc, "synthetic-own");
                    }
                    assertThat(items(new JdbcTemplate(own))).containsExactly("synthetic-own");
                    assertThat(items(jdbc)).isEmpty();
                });
    }

    @Test
    void furtherDataSourcesAreRoutedByNameWhileThePrimaryRollsBack() {
        HikariDataSource reports = pool(h2("reports"));
        HikariDataSource reportsShadow = pool(h2("reports-shadow"));
        for (HikariDataSource store : List.of(reports, reportsShadow)) {
            new JdbcTemplate(store)
                    .execute("create table routed_orders (id int generated by default as identity, "
                            + "item varchar(80), status varchar(20))");
        }
        this.runner
                .withPropertyValues("shadow.jdbc.route.data-sources.reports=reportsShadow")
                .withBean(
                        "reports",
                        DataSource.class,
                        () -> reports,
                        (definition) -> ((AbstractBeanDefinition) definition).setDefaultCandidate(false))
                .withBean(
                        "reportsShadow",
                        DataSource.class,
                        () -> reportsShadow,
                        (definition) -> ((AbstractBeanDefinition) definition).setDefaultCandidate(false))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    ShadowStoreRouting routing = context.getBean(ShadowStoreRouting.class);
                    assertThat(routing.mode("dataSource")).isEqualTo(ShadowJdbcMode.ROLLBACK);
                    assertThat(routing.mode("reports")).isEqualTo(ShadowJdbcMode.ROUTE);
                    JdbcTemplate primary = context.getBean(JdbcTemplate.class);
                    JdbcTemplate routed = new JdbcTemplate(context.getBean("reports", DataSource.class));
                    try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
                        insert(primary, "synthetic-primary");
                        insert(routed, "synthetic-report");
                    }
                    assertThat(items(primary)).isEmpty();
                    assertThat(items(new JdbcTemplate(reports))).isEmpty();
                    assertThat(items(new JdbcTemplate(reportsShadow))).containsExactly("synthetic-report");
                });
    }

    @Test
    void recordsWhichStoreServedEachShadowConnection() {
        routed().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
                insert(jdbc, "synthetic-metered");
                items(jdbc);
            }
            items(jdbc);
            assertThat(context.getBean(MeterRegistry.class)
                            .get("shadow.jdbc.connections")
                            .tags("mode", "synthetic", "data-source", "dataSource", "store", "shadow")
                            .counter()
                            .count())
                    .isEqualTo(2);
        });
    }

    @Test
    void rollbackModeRecordsThatTheLiveStoreServedShadowConnections() {
        this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
                items(context.getBean(JdbcTemplate.class));
            }
            assertThat(context.getBean(MeterRegistry.class)
                            .get("shadow.jdbc.connections")
                            .tags("data-source", "dataSource", "store", "live")
                            .counter()
                            .count())
                    .isEqualTo(1);
        });
    }

    @Test
    void routeModeWithoutAShadowStoreFailsStartupNamingTheUrlProperty() {
        this.runner
                .withPropertyValues("shadow.jdbc.mode=ROUTE")
                .run((context) -> assertStartupFailure(context, "shadow.datasource.url"));
    }

    @Test
    void unreachableShadowStoreFailsStartupNamingTheUrlProperty() {
        this.runner
                .withPropertyValues(
                        "shadow.jdbc.mode=ROUTE",
                        "shadow.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
                        "shadow.datasource.username=nobody",
                        "shadow.datasource.password=secret")
                .run((context) -> assertStartupFailure(context, "shadow.datasource.url"));
    }

    @Test
    void unreachableShadowStoreFailsStartupWithoutFlywayToo() {
        this.runner
                .withPropertyValues(
                        "shadow.jdbc.mode=ROUTE",
                        "spring.flyway.enabled=false",
                        "shadow.datasource.url=jdbc:postgresql://127.0.0.1:1/none?password=secret")
                .run((context) -> assertStartupFailure(context, "shadow.datasource.url"));
    }

    @Test
    void shadowStoreOfAnotherKindFailsStartup() {
        routed().withPropertyValues(
                        "spring.datasource.url=" + EmbeddedPostgresServer.jdbcUrl(),
                        "spring.datasource.username=postgres",
                        "spring.datasource.password=postgres",
                        "spring.flyway.enabled=false")
                .run((context) -> {
                    assertStartupFailure(context, "shadow.datasource.url");
                    assertThat(context.getStartupFailure())
                            .hasMessageContaining("PostgreSQL")
                            .hasMessageContaining("H2");
                });
    }

    @Test
    void shadowStoreWithoutTheSchemaFailsStartup() {
        routed().withPropertyValues("shadow.jdbc.route.migrate=false").run((context) -> {
            assertStartupFailure(context, "shadow.jdbc.route.check-tables");
            assertThat(context.getStartupFailure()).hasMessageContaining("routed_orders");
        });
    }

    @Test
    void failingValidationQueryFailsStartup() {
        routed().withPropertyValues("shadow.jdbc.route.validation-query=select count(*) from seed_data")
                .run((context) -> assertStartupFailure(context, "shadow.jdbc.route.validation-query"));
    }

    @Test
    void severalDataSourcesWithoutAPrimaryFailStartupNamingTheProperty() {
        routed().withPropertyValues("spring.flyway.enabled=false")
                .withBean("one", DataSource.class, () -> pool(h2("one")))
                .withBean("two", DataSource.class, () -> pool(h2("two")))
                .run((context) -> assertStartupFailure(context, "shadow.jdbc.route.data-source"));
    }

    @Test
    void namedDataSourceIsRoutedAmongSeveral() {
        routed().withPropertyValues(
                        "spring.flyway.enabled=false",
                        "shadow.jdbc.route.check-tables=false",
                        "shadow.jdbc.route.data-source=two")
                .withBean("one", DataSource.class, () -> pool(h2("one")))
                .withBean("two", DataSource.class, () -> pool(h2("two")))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("two")).isInstanceOf(RoutedDataSource.class);
                    assertThat(context.getBean("one")).isNotInstanceOf(RoutedDataSource.class);
                });
    }

    @Test
    void disabledShadowLeavesNoRouting() {
        routed().withPropertyValues("shadow.enabled=false").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ShadowRoutingPostProcessor.class);
            assertThat(context).doesNotHaveBean("shadowDataSource");
        });
    }

    @Test
    void unknownModeFailsStartupNamingTheProperty() {
        this.runner.withPropertyValues("shadow.jdbc.mode=MIRROR").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("shadow.jdbc.mode");
        });
    }

    private ApplicationContextRunner routed() {
        return this.runner.withPropertyValues("shadow.jdbc.mode=route", "shadow.datasource.url=" + h2("shadow"));
    }

    private static void assertStartupFailure(AssertableApplicationContext context, String property) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        while (!(failure instanceof InvalidConfigurationPropertyValueException) && failure.getCause() != null) {
            failure = failure.getCause();
        }
        assertThat(failure)
                .isInstanceOfSatisfying(
                        InvalidConfigurationPropertyValueException.class,
                        (ex) -> assertThat(ex.getName()).isEqualTo(property))
                .hasMessageNotContaining("secret");
    }

    private static String h2(String name) {
        return "jdbc:h2:mem:" + name + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("sa");
        return pool;
    }

    private static JdbcTemplate shadowJdbc(AssertableApplicationContext context) {
        return new JdbcTemplate(context.getBean("shadowDataSource", DataSource.class));
    }

    private static void insert(JdbcTemplate jdbc, String item) {
        jdbc.update("insert into routed_orders (item, status) values (?, 'NEW')", item);
    }

    private static List<String> items(JdbcTemplate jdbc) {
        return jdbc.queryForList("select item from routed_orders order by item", String.class);
    }

    private static List<String> tables(JdbcTemplate jdbc) {
        return jdbc.queryForList("select lower(table_name) from information_schema.tables", String.class);
    }
}
