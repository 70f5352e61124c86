package dev.shadowtx.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.marker.Detection;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.marker.TrustedProxiesPolicy;
import dev.shadowtx.core.metrics.ShadowDecision;
import dev.shadowtx.core.metrics.ShadowDecisionLog;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.tx.ShadowDataSourceGuard;
import dev.shadowtx.core.tx.ShadowDataSourcePostProcessor;
import dev.shadowtx.core.tx.ShadowTransactionManagerPostProcessor;
import dev.shadowtx.jdbc.autoconfigure.ShadowJdbcAutoConfiguration;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration;
import dev.shadowtx.web.autoconfigure.ShadowServletAutoConfiguration;
import dev.shadowtx.web.servlet.ShadowRequestFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.web.filter.OncePerRequestFilter;

@ExtendWith(OutputCaptureExtension.class)
class ShadowAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowTransactionAutoConfiguration.class,
                    ShadowJdbcAutoConfiguration.class,
                    ShadowServletAutoConfiguration.class));

    @Test
    void registersDetectionTrustGuardsAndFilter() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(MarkerDetector.class);
            assertThat(context).hasSingleBean(TrustPolicy.class);
            assertThat(context).hasSingleBean(ShadowTransactionManagerPostProcessor.class);
            assertThat(context).hasSingleBean(ShadowDataSourcePostProcessor.class);
            assertThat(context).hasSingleBean(FilterRegistrationBean.class);
            FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isInstanceOf(ShadowRequestFilter.class);
            assertThat(registration.getOrder()).isEqualTo(ShadowRequestFilter.ORDER);
        });
    }

    @Test
    void backsOffWhenDisabled() {
        this.runner.withPropertyValues("shadow.enabled=false").run((context) -> {
            assertThat(context).doesNotHaveBean(MarkerDetector.class);
            assertThat(context).doesNotHaveBean(TrustPolicy.class);
            assertThat(context).doesNotHaveBean(ShadowTransactionManagerPostProcessor.class);
            assertThat(context).doesNotHaveBean(ShadowDataSourcePostProcessor.class);
            assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
            assertThat(context).doesNotHaveBean(ShadowProperties.class);
            assertThat(context.getBeanDefinitionNames())
                    .noneMatch((name) -> name.toLowerCase().contains("shadow"));
        });
    }

    @Test
    void registersNoFilterWithoutAWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ShadowAutoConfiguration.class,
                        ShadowTransactionAutoConfiguration.class,
                        ShadowJdbcAutoConfiguration.class,
                        ShadowServletAutoConfiguration.class))
                .run((context) -> {
                    assertThat(context).hasSingleBean(MarkerDetector.class);
                    assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
                });
    }

    @Test
    void registersNoFilterWithoutSpringWeb() {
        this.runner
                .withClassLoader(new FilteredClassLoader(OncePerRequestFilter.class))
                .run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Test
    void recordsDecisionsInTheMeterRegistryAndTheDecisionLog() {
        this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
            context.getBean(ShadowRecorder.class).outboundDecision("http", "blocked", "payments.example.com");
            assertThat(context.getBean(MeterRegistry.class)
                            .get("shadow.outbound")
                            .tag("action", "blocked")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(context.getBean(ShadowDecisionLog.class).recent())
                    .singleElement()
                    .extracting(ShadowDecision::destination)
                    .isEqualTo("payments.example.com");
        });
    }

    @Test
    void recordsDecisionsInTheDecisionLogWithoutMicrometer() {
        this.runner
                .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(ShadowRecorder.class).outboundDecision("http", "blocked", "payments.example.com");
                    assertThat(context.getBean(ShadowDecisionLog.class).recent())
                            .singleElement()
                            .extracting(ShadowDecision::action)
                            .isEqualTo("blocked");
                });
    }

    @Test
    void startsWithoutADataSource() {
        this.runner.run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(DataSource.class);
        });
    }

    @Test
    void guardsTheDataSourceAndTransactionManagerKeepingTheirTypes() {
        this.runner
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:autoconfig")
                .run((context) -> {
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(dataSource).isInstanceOf(HikariDataSource.class);
                    assertThat(ShadowDataSourceGuard.isGuarded(dataSource)).isTrue();
                    assertThat(context.getBean(HikariDataSource.class)).isSameAs(dataSource);
                    JdbcTransactionManager manager = context.getBean(JdbcTransactionManager.class);
                    assertThat(manager.getTransactionExecutionListeners()).hasSize(1);
                });
    }

    @Test
    void guardsBootsHikariPoolWithoutAProxyKeepingItsMetricsAndClosingItWithTheContext() {
        this.runner
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        MetricsAutoConfiguration.class,
                        DataSourcePoolMetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:hikarimetrics")
                .run((context) -> {
                    HikariDataSource dataSource = context.getBean(HikariDataSource.class);
                    assertThat(AopUtils.isAopProxy(dataSource)).isFalse();
                    assertThat(ShadowDataSourceGuard.isGuarded(dataSource)).isTrue();
                    assertThat(new JdbcTemplate(dataSource).queryForObject("select 1", Integer.class))
                            .isEqualTo(1);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("hikaricp.connections").gauge().value())
                            .isPositive();
                    assertThat(registry.get("jdbc.connections.max").gauge().value())
                            .isEqualTo(dataSource.getMaximumPoolSize());
                    context.close();
                    assertThat(dataSource.isClosed()).isTrue();
                });
    }

    @Test
    void guardsCanBeSwitchedOffOneByOne() {
        this.runner
                .withPropertyValues("shadow.jdbc.guard=false", "shadow.transactions.rollback=false")
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:noguard")
                .run((context) -> {
                    assertThat(context).doesNotHaveBean(ShadowDataSourcePostProcessor.class);
                    assertThat(context).doesNotHaveBean(ShadowTransactionManagerPostProcessor.class);
                    assertThat(ShadowDataSourceGuard.isGuarded(context.getBean(DataSource.class)))
                            .isFalse();
                });
    }

    @Test
    void usersOwnBeansWin() {
        MarkerDetector detector = (carrier) -> Detection.LIVE;
        TrustPolicy policy = (detection, carrier) -> dev.shadowtx.core.marker.TrustDecision.TRUSTED;
        ShadowRecorder recorder = new ShadowRecorder() {};
        this.runner
                .withUserConfiguration(UserFilterConfiguration.class)
                .withBean(MarkerDetector.class, () -> detector)
                .withBean(TrustPolicy.class, () -> policy)
                .withBean(ShadowRecorder.class, () -> recorder)
                .run((context) -> {
                    assertThat(context.getBean(MarkerDetector.class)).isSameAs(detector);
                    assertThat(context.getBean(TrustPolicy.class)).isSameAs(policy);
                    assertThat(context.getBean(ShadowRecorder.class)).isSameAs(recorder);
                    assertThat(context).hasSingleBean(FilterRegistrationBean.class);
                    assertThat(context).hasBean("myShadowFilter");
                });
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class UserFilterConfiguration {

        @org.springframework.context.annotation.Bean
        FilterRegistrationBean<ShadowRequestFilter> myShadowFilter() {
            return new FilterRegistrationBean<>(
                    new ShadowRequestFilter((carrier) -> Detection.LIVE, TrustPolicy.ANY, ShadowRecorder.NOOP));
        }
    }

    @Test
    void trustedProxiesAreParsed() {
        this.runner
                .withPropertyValues(
                        "shadow.trust.mode=trusted-proxies", "shadow.trust.trusted-proxies=10.0.0.0/8,::1/128")
                .run((context) -> assertThat(context.getBean(TrustPolicy.class))
                        .isInstanceOfSatisfying(
                                TrustedProxiesPolicy.class,
                                (policy) -> assertThat(policy.getRanges()).hasSize(2)));
    }

    @Test
    void badCidrFailsStartupNamingTheProperty() {
        assertStartupFails(
                "shadow.trust.trusted-proxies[1]",
                "shadow.trust.mode=TRUSTED_PROXIES",
                "shadow.trust.trusted-proxies=10.0.0.0/8,10.0.0.0/40");
    }

    @Test
    void trustedProxiesWithoutRangesFailsStartup() {
        assertStartupFails("shadow.trust.trusted-proxies", "shadow.trust.mode=TRUSTED_PROXIES");
    }

    @Test
    void signedWithoutSecretFailsStartup() {
        assertStartupFails("shadow.trust.secret", "shadow.trust.mode=SIGNED");
    }

    @Test
    void signedClockSkewsAndReplayCacheAreBoundedAtStartup() {
        String secret = "shadow.trust.secret=0123456789abcdef0123456789abcdef";
        assertStartupFails(
                "shadow.trust.max-clock-skew", "shadow.trust.mode=SIGNED", secret, "shadow.trust.max-clock-skew=301s");
        assertStartupFails(
                "shadow.trust.max-future-skew",
                "shadow.trust.mode=SIGNED",
                secret,
                "shadow.trust.max-clock-skew=10s",
                "shadow.trust.max-future-skew=11s");
        assertStartupFails(
                "shadow.trust.replay-cache-size",
                "shadow.trust.mode=SIGNED",
                secret,
                "shadow.trust.replay-cache-size=0");
    }

    @Test
    void signedWithShortSecretFailsStartupWithoutPrintingIt() {
        this.runner
                .withPropertyValues("shadow.trust.mode=SIGNED", "shadow.trust.secret=short-secret-value")
                .run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .hasMessageContaining("shadow.trust.secret")
                            .hasMessageNotContaining("short-secret-value");
                });
    }

    @Test
    void unknownTrustModeFailsStartupNamingTheProperty() {
        this.runner.withPropertyValues("shadow.trust.mode=EVERYONE").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("shadow.trust.mode");
        });
    }

    @Test
    void badBulkheadAndRateSettingsFailStartupNamingTheProperty() {
        assertStartupFails("shadow.protection.max-concurrent", "shadow.protection.max-concurrent=0");
        assertStartupFails("shadow.protection.max-rate", "shadow.protection.max-rate=0");
        assertStartupFails("shadow.protection.max-rate", "shadow.protection.max-rate=-5");
        assertStartupFails("shadow.protection.max-rate", "shadow.protection.max-rate=Infinity");
        assertStartupFails("shadow.protection.burst", "shadow.protection.max-rate=10", "shadow.protection.burst=0");
        assertStartupFails("shadow.protection.burst", "shadow.protection.burst=5");
    }

    @Test
    void blankHeaderNameFailsStartup() {
        assertStartupFails("shadow.detection.header", "shadow.detection.header=X Shadow");
    }

    @Test
    void anyTrustModeWarnsOnceAtStartup(CapturedOutput output) {
        this.runner.run((context) ->
                assertThat(output.getOut().split("shadow.trust.mode=ANY", -1)).hasSize(2));
    }

    @Test
    void trustedModesDoNotWarn(CapturedOutput output) {
        this.runner
                .withPropertyValues("shadow.trust.mode=TRUSTED_PROXIES", "shadow.trust.trusted-proxies=127.0.0.1")
                .run((context) -> assertThat(output.getOut()).doesNotContain("shadow.trust.mode=ANY"));
    }

    private void assertStartupFails(String property, String... properties) {
        this.runner.withPropertyValues(properties).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .satisfies((ex) -> assertThat(((InvalidConfigurationPropertyValueException) ex).getName())
                            .isEqualTo(property));
        });
    }
}
