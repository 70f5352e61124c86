package dev.shadowtx.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.async.autoconfigure.ShadowAsyncAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.TakenApart;
import dev.shadowtx.jdbc.autoconfigure.ShadowJdbcAutoConfiguration;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Scheduled jobs are never shadow, even on the very thread that just ran a task a shadow request
 * scheduled; and a task that a shadow request schedules stays shadow when it fires later.
 */
class ScheduledWorkTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowTransactionAutoConfiguration.class,
                    ShadowJdbcAutoConfiguration.class,
                    ShadowAsyncAutoConfiguration.class,
                    DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class,
                    TaskSchedulingAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:scheduled;DB_CLOSE_DELAY=-1");

    @AfterEach
    void clear() {
        ShadowContextHolder.clear();
    }

    @Test
    void scheduledJobOnTheThreadThatRanShadowWorkStaysLiveAndCommits() {
        this.runner
                .withUserConfiguration(ScheduledJobConfiguration.class, OneThreadSchedulerConfiguration.class)
                .run((context) -> assertScheduledWorkKeepsItsMode(
                        context.getBean(TaskScheduler.class),
                        context.getBean(Rows.class),
                        context.getBean(Ticks.class)));
    }

    @Test
    void simpleAsyncTaskSchedulerCapturesTheContextWhenATaskIsScheduled() {
        this.runner
                .withUserConfiguration(ScheduledJobConfiguration.class, SimpleSchedulerConfiguration.class)
                .run((context) -> {
                    assertThat(context.getBean(TaskScheduler.class)).isInstanceOf(SimpleAsyncTaskScheduler.class);
                    assertScheduledWorkKeepsItsMode(
                            context.getBean(TaskScheduler.class),
                            context.getBean(Rows.class),
                            context.getBean(Ticks.class));
                });
    }

    @Test
    void simpleAsyncTaskSchedulerTakenApartStillCapturesTheContext() {
        this.runner
                .withUserConfiguration(ScheduledJobConfiguration.class, SimpleSchedulerConfiguration.class)
                .run((context) -> {
                    TaskScheduler scheduler = context.getBean(TaskScheduler.class);
                    Rows rows = context.getBean(Rows.class);
                    String shadowItem = HttpHops.uniqueItem("apart-shadow");
                    String liveItem = HttpHops.uniqueItem("apart-live");
                    try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                        TakenApart.reach(scheduler).schedule(() -> rows.write(shadowItem), Instant.now());
                    }
                    TakenApart.reach(scheduler).schedule(() -> rows.write(liveItem), Instant.now());
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> rows.hasSeen(shadowItem) && rows.hasSeen(liveItem));
                    assertThat(rows.seen(shadowItem).mode()).isEqualTo("shadow");
                    assertThat(rows.isCommitted(shadowItem)).isFalse();
                    assertThat(rows.seen(liveItem).mode()).isEqualTo("live");
                    assertThat(rows.isCommitted(liveItem)).isTrue();
                    assertThat(AopUtils.isAopProxy(scheduler)).isTrue();
                    assertThat(scheduler).isNotInstanceOf(Advised.class);
                });
    }

    private void assertScheduledWorkKeepsItsMode(TaskScheduler scheduler, Rows rows, Ticks ticks) {
        String shadowItem = HttpHops.uniqueItem("scheduled-shadow");
        String liveItem = HttpHops.uniqueItem("scheduled-live");
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            scheduler.schedule(() -> rows.write(shadowItem), Instant.now().plusMillis(30));
        }
        scheduler.schedule(() -> rows.write(liveItem), Instant.now().plusMillis(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> rows.hasSeen(shadowItem) && rows.hasSeen(liveItem));
        int ticksSoFar = ticks.items.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.items.size() > ticksSoFar + 1);
        assertThat(rows.seen(shadowItem).mode()).isEqualTo("shadow");
        assertThat(rows.seen(liveItem).mode()).isEqualTo("live");
        assertThat(rows.isCommitted(shadowItem)).isFalse();
        assertThat(rows.isCommitted(liveItem)).isTrue();
        List<String> tickItems = List.copyOf(ticks.items);
        assertThat(tickItems).allSatisfy((tick) -> {
            assertThat(rows.seen(tick).mode()).isEqualTo("live");
            assertThat(rows.isCommitted(tick)).isTrue();
        });
    }

    static class Ticks {

        final List<String> items = new CopyOnWriteArrayList<>();

        private final AtomicInteger counter = new AtomicInteger();

        private final Rows rows;

        Ticks(Rows rows) {
            this.rows = rows;
        }

        @Scheduled(fixedDelay = 25)
        void tick() {
            String item = HttpHops.uniqueItem("tick" + this.counter.incrementAndGet());
            this.rows.write(item);
            this.items.add(item);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class ScheduledJobConfiguration {

        @Bean
        Rows rows(JdbcTemplate jdbc) {
            return new Rows(jdbc);
        }

        @Bean
        Ticks ticks(Rows rows) {
            return new Ticks(rows);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OneThreadSchedulerConfiguration {

        @Bean
        ThreadPoolTaskScheduler taskScheduler() {
            ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
            scheduler.setPoolSize(1);
            scheduler.setThreadNamePrefix("one-scheduler-");
            return scheduler;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SimpleSchedulerConfiguration {

        @Bean
        SimpleAsyncTaskScheduler taskScheduler() {
            SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
            scheduler.setThreadNamePrefix("simple-scheduler-");
            scheduler.setConcurrencyLimit(1);
            return scheduler;
        }
    }
}
