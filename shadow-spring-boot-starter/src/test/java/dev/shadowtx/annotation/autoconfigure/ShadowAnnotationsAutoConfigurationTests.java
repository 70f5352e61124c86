package dev.shadowtx.annotation.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowStatus;
import dev.shadowtx.core.annotation.LiveOnly;
import dev.shadowtx.core.annotation.LiveOnlyAdvisor;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.jdbc.autoconfigure.ShadowJdbcAutoConfiguration;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

class ShadowAnnotationsAutoConfigurationTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowTransactionAutoConfiguration.class,
                    ShadowJdbcAutoConfiguration.class,
                    ShadowAnnotationsAutoConfiguration.class,
                    AopAutoConfiguration.class,
                    TransactionAutoConfiguration.class));

    @Test
    void registersTheAdvisorAndTheStatusBean() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(LiveOnlyAdvisor.class);
            assertThat(context).hasSingleBean(ShadowStatus.class);
            assertThat(context.getBean(ShadowStatus.class).isLive()).isTrue();
        });
    }

    @Test
    void guardsAnnotatedBeansWithBootsAspectJAutoProxying() {
        this.runner.withBean(Mailer.class).run(this::assertGuarded);
    }

    @Test
    void guardsAnnotatedBeansWithoutAspectJOnTheClasspath() {
        this.runner
                .withClassLoader(new FilteredClassLoader("org.aspectj.weaver"))
                .withBean(Mailer.class)
                .run(this::assertGuarded);
    }

    @Test
    void guardsAnnotatedBeansEvenWithAopAutoConfigurationSwitchedOffAndNoTransactions() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ShadowAutoConfiguration.class,
                        ShadowTransactionAutoConfiguration.class,
                        ShadowJdbcAutoConfiguration.class,
                        ShadowAnnotationsAutoConfiguration.class))
                .withPropertyValues("spring.aop.auto=false")
                .withBean(Mailer.class)
                .run(this::assertGuarded);
    }

    @Test
    void missingFallbackFailsStartupNamingTheMethod() {
        this.runner.withBean(BrokenMailer.class).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("BrokenMailer.send(String)")
                    .hasMessageContaining("fallbackMethod \"missing\"");
        });
    }

    @Test
    void usersOwnStatusBeanWins() {
        ShadowStatus always = () -> java.util.Optional.of(SHADOW);
        this.runner
                .withBean(ShadowStatus.class, () -> always)
                .run((context) ->
                        assertThat(context.getBean(ShadowStatus.class)).isSameAs(always));
    }

    @Test
    void backsOffWhenDisabled() {
        this.runner
                .withPropertyValues("shadow.enabled=false")
                .withBean(Mailer.class)
                .run((context) -> {
                    assertThat(context).doesNotHaveBean(LiveOnlyAdvisor.class);
                    assertThat(context).doesNotHaveBean(ShadowStatus.class);
                    assertThat(AopUtils.isAopProxy(context.getBean(Mailer.class)))
                            .isFalse();
                });
    }

    private void assertGuarded(org.springframework.context.ApplicationContext context) {
        Mailer mailer = context.getBean(Mailer.class);
        assertThat(AopUtils.isAopProxy(mailer)).isTrue();
        assertThat(mailer.send("live")).isEqualTo("sent live");
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThatExceptionOfType(ShadowBlockedException.class).isThrownBy(() -> mailer.send("shadow"));
        }
    }

    public static class Mailer {

        @LiveOnly
        public String send(String to) {
            return "sent " + to;
        }
    }

    static class BrokenMailer {

        @LiveOnly(fallbackMethod = "missing")
        public String send(String to) {
            return "sent " + to;
        }
    }
}
