package dev.shadowtx.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.audit.AuditedChannel;
import dev.shadowtx.audit.AuditedChannels;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.jdbc.autoconfigure.ShadowJdbcAutoConfiguration;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

/**
 * The leak audit lists JDBC templates and clients declared as beans, including those over a data
 * source that is not a bean: a {@code JdbcClient} over such a data source is guarded (its shadow
 * writes leave no row, its live writes commit); one whose data source cannot be reached is listed
 * uncovered and refused in shadow.
 */
class JdbcClientBeansAuditTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowTransactionAutoConfiguration.class,
                    ShadowJdbcAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class))
            .withUserConfiguration(JdbcClients.class);

    @Test
    void jdbcClientOverADataSourceThatIsNotABeanIsListedGuardedAndCommitsOnlyLiveWrites() {
        this.runner.run((context) -> {
            AuditedChannel channel = channel(context, "reportsJdbc");
            assertThat(channel.kind().tagValue()).isEqualTo("jdbc");
            assertThat(channel.isCovered()).isTrue();
            assertThat(channel.detail()).contains("JDBC guard on its data source");
            JdbcClient jdbc = context.getBean("reportsJdbc", JdbcClient.class);
            jdbc.sql("create table reports (item varchar(20))").update();
            String insert = "insert into reports (item) values (?)";
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW, () -> jdbc.sql(insert).param("shadow").update());
            jdbc.sql(insert).param("live").update();
            assertThat(new JdbcTemplate(context.getBean(JdbcClients.class).reports)
                            .queryForList("select item from reports", String.class))
                    .containsExactly("live");
        });
    }

    @Test
    void jdbcClientWhoseDataSourceCannotBeReachedIsListedUncoveredAndRefusedInShadow() {
        this.runner.run((context) -> {
            AuditedChannel channel = channel(context, "vendorJdbc");
            assertThat(channel.isCovered()).isFalse();
            JdbcClient jdbc = context.getBean("vendorJdbc", JdbcClient.class);
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> ShadowTraffic.runIsolated(
                            ShadowMode.SHADOW,
                            () -> jdbc.sql("delete from orders").update()));
            assertThat(context.getBean(JdbcClients.class).vendorStatements).isEmpty();
            assertThat(jdbc.sql("delete from orders")).isNull();
            assertThat(context.getBean(JdbcClients.class).vendorStatements).containsExactly("delete from orders");
        });
    }

    @Test
    void templateOverTheDataSourceBeanIsListedGuardedThroughIt() {
        this.runner.run((context) -> {
            AuditedChannel channel = channel(context, "ordersJdbc");
            assertThat(channel.isCovered()).isTrue();
            assertThat(channel.detail()).contains("JDBC guard on its data source");
        });
    }

    private static AuditedChannel channel(AssertableApplicationContext context, String beanName) {
        assertThat(context).hasNotFailed();
        return AuditedChannels.named(context, beanName);
    }

    @Configuration(proxyBeanMethods = false)
    static class JdbcClients {

        final DataSource reports = new DriverManagerDataSource("jdbc:h2:mem:reports;DB_CLOSE_DELAY=-1", "sa", "");

        final List<String> vendorStatements = new CopyOnWriteArrayList<>();

        @Bean
        DataSource dataSource() {
            return new EmbeddedDatabaseBuilder()
                    .setType(EmbeddedDatabaseType.H2)
                    .generateUniqueName(true)
                    .build();
        }

        @Bean
        JdbcTemplate ordersJdbc(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

        @Bean
        JdbcClient reportsJdbc() {
            return JdbcClient.create(this.reports);
        }

        /**
         * A client of a vendor library that implements {@code JdbcClient} over a connection it keeps
         * to itself.
         */
        @Bean
        JdbcClient vendorJdbc() {
            return (sql) -> {
                this.vendorStatements.add(sql);
                return null;
            };
        }
    }
}
