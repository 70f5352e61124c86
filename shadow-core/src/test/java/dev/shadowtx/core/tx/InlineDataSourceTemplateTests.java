package dev.shadowtx.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.testsupport.Databases;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A {@code JdbcTemplate}, {@code NamedParameterJdbcTemplate} or {@code JdbcClient} bean built
 * over a data source that is not a bean (the data source never went through the data-source post-processor): its
 * auto-commit writes in shadow leave no row, while the same writes live commit.
 */
class InlineDataSourceTemplateTests {

    @ParameterizedTest
    @EnumSource(Databases.class)
    void jdbcTemplateOverAnInlineDataSourceCommitsNothingInShadowAndCommitsLive(Databases database) {
        try (HikariDataSource pool = database.pool(2)) {
            DefaultListableBeanFactory context = context();
            createTable(pool);
            context.registerBeanDefinition(
                    "ordersJdbc", new RootBeanDefinition(JdbcTemplate.class, () -> new JdbcTemplate(pool)));
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW, () -> jdbc.update("insert into orders_inline (item) values ('shadow')"));
            jdbc.update("insert into orders_inline (item) values ('live')");
            assertThat(rows(pool)).containsExactly("live");
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void namedParameterTemplateOverAnInlineDataSourceCommitsNothingInShadowAndCommitsLive(Databases database) {
        try (HikariDataSource pool = database.pool(2)) {
            DefaultListableBeanFactory context = context();
            createTable(pool);
            context.registerBeanDefinition(
                    "ordersNamed",
                    new RootBeanDefinition(
                            NamedParameterJdbcTemplate.class, () -> new NamedParameterJdbcTemplate(pool)));
            NamedParameterJdbcTemplate jdbc = context.getBean(NamedParameterJdbcTemplate.class);
            String insert = "insert into orders_inline (item) values (:item)";
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> jdbc.update(insert, Map.of("item", "shadow")));
            jdbc.update(insert, Map.of("item", "live"));
            assertThat(rows(pool)).containsExactly("live");
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void jdbcClientOverAnInlineDataSourceCommitsNothingInShadowAndCommitsLive(Databases database) {
        try (HikariDataSource pool = database.pool(2)) {
            DefaultListableBeanFactory context = context();
            createTable(pool);
            context.registerBeanDefinition(
                    "ordersClient", new RootBeanDefinition(JdbcClient.class, () -> JdbcClient.create(pool)));
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            String insert = "insert into orders_inline (item) values (:item)";
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW,
                    () -> jdbc.sql(insert).param("item", "shadow").update());
            jdbc.sql(insert).param("item", "live").update();
            assertThat(rows(pool)).containsExactly("live");
            assertThat(JdbcTemplateDataSources.accessorOf(jdbc).getDataSource())
                    .satisfies((dataSource) -> assertThat(ShadowDataSourceGuard.isGuarded(dataSource))
                            .isTrue());
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void jdbcClientOverATemplateOverAnInlineDataSourceCommitsNothingInShadowAndCommitsLive(Databases database) {
        try (HikariDataSource pool = database.pool(2)) {
            DefaultListableBeanFactory context = context();
            createTable(pool);
            context.registerBeanDefinition(
                    "ordersClient",
                    new RootBeanDefinition(JdbcClient.class, () -> JdbcClient.create(new JdbcTemplate(pool))));
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            String insert = "insert into orders_inline (item) values (?)";
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW, () -> jdbc.sql(insert).param("shadow").update());
            jdbc.sql(insert).param("live").update();
            assertThat(rows(pool)).containsExactly("live");
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void templateOverADataSourceBeanKeepsTheBeanItWasGiven(Databases database) {
        try (HikariDataSource pool = database.pool(2)) {
            DefaultListableBeanFactory context = context();
            createTable(pool);
            context.registerBeanDefinition("dataSource", new RootBeanDefinition(DataSource.class, () -> pool));
            context.registerBeanDefinition(
                    "ordersJdbc",
                    new RootBeanDefinition(
                            JdbcTemplate.class, () -> new JdbcTemplate(context.getBean(DataSource.class))));
            assertThat(context.getBean(JdbcTemplate.class).getDataSource()).isSameAs(context.getBean(DataSource.class));
            context.registerBeanDefinition(
                    "ordersClient",
                    new RootBeanDefinition(
                            JdbcClient.class, () -> JdbcClient.create(context.getBean(DataSource.class))));
            assertThat(JdbcTemplateDataSources.accessorOf(context.getBean(JdbcClient.class))
                            .getDataSource())
                    .isSameAs(context.getBean(DataSource.class));
        }
    }

    private static DefaultListableBeanFactory context() {
        DefaultListableBeanFactory context = new DefaultListableBeanFactory();
        ShadowDataSourcePostProcessor postProcessor = new ShadowDataSourcePostProcessor(() -> ShadowRecorder.NOOP);
        postProcessor.setBeanFactory(context);
        context.addBeanPostProcessor(postProcessor);
        return context;
    }

    private static void createTable(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("drop table if exists orders_inline");
        jdbc.execute("create table orders_inline (id serial primary key, item varchar(40))");
    }

    private static java.util.List<String> rows(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForList("select item from orders_inline", String.class);
    }
}
