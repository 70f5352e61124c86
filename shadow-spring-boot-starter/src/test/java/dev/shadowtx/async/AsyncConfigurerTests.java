package dev.shadowtx.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.async.autoconfigure.ShadowAsyncAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.jdbc.autoconfigure.ShadowJdbcAutoConfiguration;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * {@code @Async} on the executor an {@code AsyncConfigurer} builds inline, which is never a bean:
 * shadow work there leaves no row, live work commits.
 */
class AsyncConfigurerTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowTransactionAutoConfiguration.class,
                    ShadowJdbcAutoConfiguration.class,
                    ShadowAsyncAutoConfiguration.class,
                    TaskExecutionAutoConfiguration.class,
                    DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:configurer;DB_CLOSE_DELAY=-1");

    @AfterEach
    void clear() {
        ShadowContextHolder.clear();
    }

    @ParameterizedTest
    @ValueSource(classes = {InlineExecutorWithoutBeans.class, InlineJdkExecutor.class})
    void asyncOnAnInlineExecutorStaysShadow(Class<?> configurer) {
        this.runner.withUserConfiguration(configurer, WorkConfiguration.class).run(this::assertAsyncKeepsItsMode);
    }

    @Test
    void springBootsOwnConfigurerIsDecoratedWithoutASubclass() {
        this.runner.withUserConfiguration(WorkConfiguration.class).run((context) -> {
            Object configurer = context.getBean("applicationTaskExecutorAsyncConfigurer");
            assertThat(AopUtils.isJdkDynamicProxy(configurer)).isTrue();
            assertThat(configurer).isInstanceOf(AsyncConfigurer.class);
            assertAsyncKeepsItsMode(context, "task-");
        });
    }

    private void assertAsyncKeepsItsMode(ApplicationContext context) throws Exception {
        assertAsyncKeepsItsMode(context, "inline-");
    }

    private void assertAsyncKeepsItsMode(ApplicationContext context, String threadPrefix) throws Exception {
        AsyncWork work = context.getBean(AsyncWork.class);
        Rows rows = context.getBean(Rows.class);
        String shadowItem = HttpHops.uniqueItem("configurer-shadow");
        String liveItem = HttpHops.uniqueItem("configurer-live");
        CompletableFuture<String> shadow;
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            shadow = work.write(shadowItem);
        }
        shadow.get(10, TimeUnit.SECONDS);
        work.write(liveItem).get(10, TimeUnit.SECONDS);
        assertThat(rows.seen(shadowItem).thread()).startsWith(threadPrefix);
        assertThat(rows.seen(shadowItem).mode()).isEqualTo("shadow");
        assertThat(rows.seen(liveItem).mode()).isEqualTo("live");
        assertThat(rows.isCommitted(shadowItem)).isFalse();
        assertThat(rows.isCommitted(liveItem)).isTrue();
    }

    /**
     * Without Boot's executor auto-configuration: in Spring Boot 4.0.7, that auto-configuration
     * itself replaces an {@code AsyncConfigurer} bean with a wrapper, which breaks configurers that
     * also declare {@code @Bean} methods whatever shadowtx does; shadowtx keeps the bean's type.
     */
    @Test
    void aConfigurerThatAlsoDeclaresBeansKeepsWorking() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ShadowAutoConfiguration.class,
                        ShadowTransactionAutoConfiguration.class,
                        ShadowJdbcAutoConfiguration.class,
                        ShadowAsyncAutoConfiguration.class,
                        DataSourceAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:configurer-beans;DB_CLOSE_DELAY=-1")
                .withUserConfiguration(InlineThreadPoolTaskExecutor.class, WorkConfiguration.class)
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("beanOfTheConfigurer")).isEqualTo("still created");
                    assertThat(context.getBean(InlineThreadPoolTaskExecutor.class))
                            .isNotNull();
                    assertAsyncKeepsItsMode(context);
                });
    }

    static class AsyncWork {

        private final Rows rows;

        AsyncWork(Rows rows) {
            this.rows = rows;
        }

        @Async
        public CompletableFuture<String> write(String item) {
            return CompletableFuture.completedFuture(this.rows.write(item));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    static class WorkConfiguration {

        @Bean
        Rows rows(JdbcTemplate jdbc) {
            return new Rows(jdbc);
        }

        @Bean
        AsyncWork asyncWork(Rows rows) {
            return new AsyncWork(rows);
        }
    }

    @Configuration
    static class InlineThreadPoolTaskExecutor implements AsyncConfigurer {

        @Bean
        String beanOfTheConfigurer() {
            return "still created";
        }

        @Override
        public Executor getAsyncExecutor() {
            ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
            executor.setCorePoolSize(1);
            executor.setThreadNamePrefix("inline-");
            executor.initialize();
            return executor;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InlineExecutorWithoutBeans implements AsyncConfigurer {

        @Override
        public Executor getAsyncExecutor() {
            ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
            executor.setCorePoolSize(1);
            executor.setThreadNamePrefix("inline-plain-");
            executor.initialize();
            return executor;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InlineJdkExecutor implements AsyncConfigurer {

        @Override
        public Executor getAsyncExecutor() {
            return Executors.newSingleThreadExecutor((task) -> new Thread(task, "inline-jdk"));
        }
    }
}
