package dev.shadowtx.r2dbc.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowDescriptor;
import dev.shadowtx.core.r2dbc.ShadowConnectionFactoryGuard;
import dev.shadowtx.core.r2dbc.ShadowConnectionFactoryPostProcessor;
import dev.shadowtx.core.tx.ShadowDataSourcePostProcessor;
import dev.shadowtx.core.tx.ShadowTransactionListener;
import dev.shadowtx.jdbc.autoconfigure.ShadowJdbcAutoConfiguration;
import dev.shadowtx.summary.autoconfigure.ShadowSummaryAutoConfiguration;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;

class ShadowR2dbcAutoConfigurationTests {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowTransactionAutoConfiguration.class,
                    ShadowJdbcAutoConfiguration.class,
                    ShadowR2dbcAutoConfiguration.class,
                    ShadowSummaryAutoConfiguration.class,
                    R2dbcAutoConfiguration.class,
                    R2dbcTransactionManagerAutoConfiguration.class))
            .withPropertyValues("spring.r2dbc.url=r2dbc:h2:mem:///autoconfig" + DATABASES.incrementAndGet());

    @Test
    void guardsBootsConnectionPoolKeepingItsTypeAndTheReactiveTransactionManager() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(ShadowConnectionFactoryPostProcessor.class);
            ConnectionFactory connectionFactory = context.getBean(ConnectionFactory.class);
            assertThat(connectionFactory).isInstanceOf(ConnectionPool.class);
            assertThat(ShadowConnectionFactoryGuard.isGuarded(connectionFactory))
                    .isTrue();
            assertThat(context.getBean(R2dbcTransactionManager.class).getTransactionExecutionListeners())
                    .hasAtLeastOneElementOfType(ShadowTransactionListener.class);
            assertThat(guards(context.getBean("shadowCoreDescriptor", ShadowDescriptor.class)))
                    .asString()
                    .contains("r2dbc");
        });
    }

    @Test
    void r2dbcGuardCanBeSwitchedOffAloneMirroringTheJdbcGuard() {
        this.runner.withPropertyValues("shadow.r2dbc.guard=false").run((context) -> {
            assertThat(context).doesNotHaveBean(ShadowConnectionFactoryPostProcessor.class);
            assertThat(context).hasSingleBean(ShadowDataSourcePostProcessor.class);
            assertThat(ShadowConnectionFactoryGuard.isGuarded(context.getBean(ConnectionFactory.class)))
                    .isFalse();
            assertThat(guards(context.getBean("shadowCoreDescriptor", ShadowDescriptor.class)))
                    .asString()
                    .doesNotContain("r2dbc");
        });
    }

    @Test
    void backsOffWithoutR2dbcOnTheClasspath() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ShadowAutoConfiguration.class,
                        ShadowTransactionAutoConfiguration.class,
                        ShadowJdbcAutoConfiguration.class,
                        ShadowR2dbcAutoConfiguration.class,
                        ShadowSummaryAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("io.r2dbc.spi"))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ShadowConnectionFactoryPostProcessor.class);
                    assertThat(context).hasSingleBean(ShadowDataSourcePostProcessor.class);
                });
    }

    @Test
    void coreDescriptionListsNoR2dbcGuardWhereNoneIsInstalledAndBindsNoR2dbcSettings() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ShadowAutoConfiguration.class,
                        ShadowTransactionAutoConfiguration.class,
                        ShadowJdbcAutoConfiguration.class,
                        ShadowR2dbcAutoConfiguration.class,
                        ShadowSummaryAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("io.r2dbc.spi"))
                .run((context) -> {
                    assertThat(context).doesNotHaveBean(ShadowR2dbcProperties.class);
                    assertThat(guards(context.getBean("shadowCoreDescriptor", ShadowDescriptor.class)))
                            .asString()
                            .contains("jdbc")
                            .doesNotContain("r2dbc");
                });
    }

    private static Object guards(ShadowDescriptor descriptor) {
        Map<String, Object> settings = descriptor.settings();
        return settings.get("guards");
    }
}
