package dev.shadowtx.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.async.autoconfigure.ShadowAsyncAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.Databases;
import dev.shadowtx.jdbc.autoconfigure.ShadowJdbcAutoConfiguration;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A pooled thread that ran shadow work must not turn the next, live, task into shadow: on an
 * executor of one thread and on a Reactor scheduler of one thread, a shadow task then a live task;
 * the live one sees no context and its row commits.
 */
class ThreadBleedTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    @AfterEach
    void clear() {
        ShadowContextHolder.clear();
    }

    private ApplicationContextRunner runner(Databases database) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ShadowAutoConfiguration.class,
                        ShadowTransactionAutoConfiguration.class,
                        ShadowJdbcAutoConfiguration.class,
                        ShadowAsyncAutoConfiguration.class,
                        DataSourceAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class))
                .withUserConfiguration(SingleThreadConfiguration.class)
                .withPropertyValues(
                        "spring.datasource.url=" + database.jdbcUrl(),
                        "spring.datasource.username=" + ((database == Databases.H2) ? "sa" : "postgres"),
                        "spring.datasource.password=" + ((database == Databases.H2) ? "" : "postgres"));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void liveTaskAfterAShadowTaskOnTheSameThreadRunsLiveAndCommits(Databases database) {
        runner(database).run((context) -> {
            ThreadPoolTaskExecutor single = context.getBean("single", ThreadPoolTaskExecutor.class);
            Rows rows = context.getBean(Rows.class);
            String shadowItem = HttpHops.uniqueItem("bleed-shadow");
            String liveItem = HttpHops.uniqueItem("bleed-live");
            Future<String> shadow;
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                shadow = single.submit(() -> rows.write(shadowItem));
            }
            shadow.get(10, TimeUnit.SECONDS);
            single.submit(() -> rows.write(liveItem)).get(10, TimeUnit.SECONDS);
            assertThat(rows.seen(liveItem).thread())
                    .isEqualTo(rows.seen(shadowItem).thread());
            assertThat(rows.seen(shadowItem).mode()).isEqualTo("shadow");
            assertThat(rows.seen(liveItem).mode()).isEqualTo("live");
            assertThat(rows.isCommitted(shadowItem)).isFalse();
            assertThat(rows.isCommitted(liveItem)).isTrue();
        });
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void liveTaskRunsLiveEvenAfterATaskThatLeftItsContextBehind(Databases database) {
        runner(database).run((context) -> {
            ThreadPoolTaskExecutor single = context.getBean("single", ThreadPoolTaskExecutor.class);
            Rows rows = context.getBean(Rows.class);
            single.submit(() -> ShadowContextHolder.set(SHADOW)).get(10, TimeUnit.SECONDS);
            String liveItem = HttpHops.uniqueItem("leak-live");
            single.submit(() -> rows.write(liveItem)).get(10, TimeUnit.SECONDS);
            assertThat(rows.seen(liveItem).mode()).isEqualTo("live");
            assertThat(rows.isCommitted(liveItem)).isTrue();
        });
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void reactorSingleThreadRunsTheLiveChainLiveAfterAShadowOne(Databases database) {
        Scheduler single = Schedulers.newSingle("bleed");
        try {
            runner(database).run((context) -> {
                Rows rows = context.getBean(Rows.class);
                String shadowItem = HttpHops.uniqueItem("reactor-shadow");
                String liveItem = HttpHops.uniqueItem("reactor-live");
                try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                    Mono.fromCallable(() -> rows.write(shadowItem))
                            .subscribeOn(single)
                            .block(Duration.ofSeconds(10));
                }
                Mono.fromCallable(() -> rows.write(liveItem))
                        .subscribeOn(single)
                        .block(Duration.ofSeconds(10));
                assertThat(rows.seen(liveItem).thread())
                        .isEqualTo(rows.seen(shadowItem).thread());
                assertThat(rows.seen(shadowItem).mode()).isEqualTo("shadow");
                assertThat(rows.seen(liveItem).mode()).isEqualTo("live");
                assertThat(rows.isCommitted(shadowItem)).isFalse();
                assertThat(rows.isCommitted(liveItem)).isTrue();
            });
        } finally {
            single.dispose();
        }
    }

    @Test
    void reactorBoundedElasticOfOneThreadRunsFireAndForgetChainsInTheirOwnMode() {
        Scheduler one = Schedulers.newBoundedElastic(1, 100, "bleed-elastic");
        try {
            runner(Databases.H2).run((context) -> {
                Rows rows = context.getBean(Rows.class);
                String shadowItem = HttpHops.uniqueItem("elastic-shadow");
                String liveItem = HttpHops.uniqueItem("elastic-live");
                try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                    Mono.fromCallable(() -> rows.write(shadowItem))
                            .subscribeOn(one)
                            .subscribe();
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> rows.hasSeen(shadowItem));
                Mono.fromCallable(() -> rows.write(liveItem)).subscribeOn(one).subscribe();
                await().atMost(Duration.ofSeconds(10)).until(() -> rows.hasSeen(liveItem));
                assertThat(rows.seen(shadowItem).mode()).isEqualTo("shadow");
                assertThat(rows.seen(liveItem).mode()).isEqualTo("live");
                assertThat(rows.isCommitted(shadowItem)).isFalse();
                assertThat(rows.isCommitted(liveItem)).isTrue();
            });
        } finally {
            one.dispose();
        }
    }

    @Test
    void usersOwnTaskDecoratorStillRunsAndSeesTheShadowContext() {
        runner(Databases.H2).run((context) -> {
            ThreadPoolTaskExecutor single = context.getBean("single", ThreadPoolTaskExecutor.class);
            String seen;
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                seen = single.submit(() -> org.slf4j.MDC.get("user-decorator")).get(10, TimeUnit.SECONDS);
            }
            assertThat(seen).isEqualTo("saw shadow");
            assertThat(single.submit(() -> org.slf4j.MDC.get("user-decorator")).get(10, TimeUnit.SECONDS))
                    .isEqualTo("saw live");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class SingleThreadConfiguration {

        @Bean
        Rows rows(JdbcTemplate jdbc) {
            return new Rows(jdbc);
        }

        @Bean
        ThreadPoolTaskExecutor single() {
            ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
            executor.setCorePoolSize(1);
            executor.setMaxPoolSize(1);
            executor.setThreadNamePrefix("single-");
            executor.setTaskDecorator((task) -> () -> {
                org.slf4j.MDC.put("user-decorator", ShadowContextHolder.isShadow() ? "saw shadow" : "saw live");
                try {
                    task.run();
                } finally {
                    org.slf4j.MDC.remove("user-decorator");
                }
            });
            return executor;
        }
    }
}
