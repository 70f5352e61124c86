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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.transaction.annotation.Transactional;

/**
 * With {@code spring.threads.virtual.enabled=true} Boot's {@code applicationTaskExecutor} is a
 * {@code SimpleAsyncTaskExecutor} on virtual threads: {@code @Async} work stays shadow there, and a
 * live task after a shadow one (one at a time) runs live. Needs Java 21 or later; the build runs
 * this class on a second JDK when one is installed (see the starter's {@code virtual-threads}
 * profile).
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowTransactionAutoConfiguration.class,
                    ShadowJdbcAutoConfiguration.class,
                    ShadowAsyncAutoConfiguration.class,
                    TaskExecutionAutoConfiguration.class,
                    DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class,
                    TransactionAutoConfiguration.class))
            .withUserConfiguration(VirtualWorkConfiguration.class)
            .withPropertyValues(
                    "spring.threads.virtual.enabled=true",
                    "spring.task.execution.simple.concurrency-limit=1",
                    "spring.datasource.url=jdbc:h2:mem:virtual;DB_CLOSE_DELAY=-1");

    @AfterEach
    void clear() {
        ShadowContextHolder.clear();
    }

    @Test
    void asyncWorkOnVirtualThreadsStaysShadowAndTheNextLiveTaskCommits() {
        this.runner.run((context) -> {
            assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(SimpleAsyncTaskExecutor.class);
            VirtualWork work = context.getBean(VirtualWork.class);
            Rows rows = context.getBean(Rows.class);
            String shadowItem = HttpHops.uniqueItem("virtual-shadow");
            String liveItem = HttpHops.uniqueItem("virtual-live");
            CompletableFuture<Boolean> shadow;
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                shadow = work.write(shadowItem);
            }
            assertThat(shadow.get(10, TimeUnit.SECONDS))
                    .as("ran on a virtual thread")
                    .isTrue();
            assertThat(work.write(liveItem).get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(rows.seen(shadowItem).mode()).isEqualTo("shadow");
            assertThat(rows.seen(liveItem).mode()).isEqualTo("live");
            assertThat(rows.isCommitted(shadowItem)).isFalse();
            assertThat(rows.isCommitted(liveItem)).isTrue();
        });
    }

    @Test
    void transactionalAsyncWorkOnAVirtualThreadRollsBackInShadow() {
        this.runner.run((context) -> {
            VirtualWork work = context.getBean(VirtualWork.class);
            Rows rows = context.getBean(Rows.class);
            String item = HttpHops.uniqueItem("virtual-tx");
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                work.writeInTransaction(item).get(10, TimeUnit.SECONDS);
            }
            assertThat(rows.seen(item).newRollbackOnly()).isTrue();
            assertThat(rows.isCommitted(item)).isFalse();
        });
    }

    static class VirtualWork {

        private final Rows rows;

        VirtualWork(Rows rows) {
            this.rows = rows;
        }

        @Async
        public CompletableFuture<Boolean> write(String item) {
            this.rows.write(item);
            return CompletableFuture.completedFuture(isVirtual(Thread.currentThread()));
        }

        @Async
        @Transactional
        public CompletableFuture<Boolean> writeInTransaction(String item) {
            return write(item);
        }

        private static boolean isVirtual(Thread thread) {
            try {
                return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
            } catch (ReflectiveOperationException ex) {
                return false;
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    static class VirtualWorkConfiguration {

        @Bean
        Rows rows(JdbcTemplate jdbc) {
            return new Rows(jdbc);
        }

        @Bean
        VirtualWork virtualWork(Rows rows) {
            return new VirtualWork(rows);
        }
    }
}
