package dev.shadowtx.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShadowTrafficTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    @AfterEach
    void clear() {
        ShadowContextHolder.clear();
    }

    @Test
    void answersFromTheCurrentThread() {
        assertThat(ShadowTraffic.isShadow()).isFalse();
        assertThat(ShadowTraffic.isLive()).isTrue();
        assertThat(ShadowTraffic.currentMode()).isEmpty();
        assertThat(ShadowTraffic.status().isLive()).isTrue();
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThat(ShadowTraffic.isShadow()).isTrue();
            assertThat(ShadowTraffic.currentMode()).contains(ShadowMode.SHADOW);
            assertThat(ShadowTraffic.currentContext()).contains(SHADOW);
            assertThat(ShadowTraffic.status().currentMode()).contains(ShadowMode.SHADOW);
        }
    }

    @Test
    void runIsolatedBindsAProgrammaticContextAndRestoresTheThread() {
        AtomicReference<ShadowContext> seen = new AtomicReference<>();
        ShadowTraffic.runIsolated(ShadowMode.SYNTHETIC, () -> seen.set(ShadowContextHolder.current()));
        assertThat(seen.get().mode()).isEqualTo(ShadowMode.SYNTHETIC);
        assertThat(seen.get().source()).isEqualTo(MarkerSource.PROGRAMMATIC);
        assertThat(ShadowTraffic.isLive()).isTrue();
    }

    @Test
    void wrappedWorkCarriesTheContextIntoARawThread() throws Exception {
        AtomicReference<ShadowContext> seen = new AtomicReference<>();
        Runnable work;
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            work = ShadowTraffic.wrap(() -> seen.set(ShadowContextHolder.current()));
        }
        Thread thread = new Thread(work);
        thread.start();
        thread.join(5000);
        assertThat(seen.get()).isEqualTo(SHADOW);
    }

    @Test
    void wrappedCommonPoolCarriesTheContext() {
        CompletableFuture<Boolean> shadow;
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            shadow = CompletableFuture.supplyAsync(
                    ShadowTraffic::isShadow, ShadowTraffic.wrap(ForkJoinPool.commonPool()));
        }
        CompletableFuture<Boolean> live =
                CompletableFuture.supplyAsync(ShadowTraffic::isShadow, ShadowTraffic.wrap(ForkJoinPool.commonPool()));
        assertThat(shadow.join()).isTrue();
        assertThat(live.join()).isFalse();
    }

    @Test
    void liveWorkRunsLiveOnAThreadLeftShadowAndTheThreadGetsItsStateBack() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            ExecutorService wrapped = ShadowTraffic.wrap(single);
            single.submit(() -> ShadowContextHolder.set(SHADOW)).get(5, TimeUnit.SECONDS);
            assertThat(wrapped.submit(ShadowTraffic::isShadow).get(5, TimeUnit.SECONDS))
                    .isFalse();
            assertThat(single.submit(ShadowTraffic::isShadow).get(5, TimeUnit.SECONDS))
                    .isTrue();
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void shadowWorkLeavesNothingBehindOnAPooledThread() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            ExecutorService wrapped = ShadowTraffic.wrap(single);
            boolean inside;
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                inside = wrapped.submit(ShadowTraffic::isShadow).get(5, TimeUnit.SECONDS);
            }
            assertThat(inside).isTrue();
            assertThat(single.submit(ShadowTraffic::isShadow).get(5, TimeUnit.SECONDS))
                    .isFalse();
            assertThat(single.submit(() -> org.slf4j.MDC.get(ShadowContextHolder.MDC_KEY))
                            .get(5, TimeUnit.SECONDS))
                    .isNull();
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void runIsolatedRefusesToJoinALiveTransactionAndRunsInsideAShadowOneOrOutsideAny() {
        org.h2.jdbcx.JdbcDataSource dataSource = new org.h2.jdbcx.JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:run-isolated;DB_CLOSE_DELAY=-1");
        org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        jdbc.execute("create table if not exists isolated_rows (k varchar(20))");
        org.springframework.transaction.support.TransactionTemplate live =
                new org.springframework.transaction.support.TransactionTemplate(
                        new org.springframework.jdbc.support.JdbcTransactionManager(dataSource));
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();

        live.executeWithoutResult((status) -> {
            jdbc.update("insert into isolated_rows values ('live')");
            org.assertj.core.api.Assertions.assertThatIllegalStateException()
                    .isThrownBy(() -> ShadowTraffic.runIsolated(ShadowMode.SYNTHETIC, () -> {
                        ran.incrementAndGet();
                        jdbc.update("insert into isolated_rows values ('isolated')");
                    }))
                    .withMessageContaining("inside a live transaction")
                    .withMessageContaining("NOT_SUPPORTED");
            assertThat(ShadowTraffic.isLive()).isTrue();
        });
        assertThat(ran).hasValue(0);
        assertThat(jdbc.queryForList("select k from isolated_rows", String.class))
                .containsExactly("live");

        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            live.executeWithoutResult(
                    (status) -> ShadowTraffic.runIsolated(ShadowMode.SYNTHETIC, ran::incrementAndGet));
        }
        ShadowTraffic.runIsolated(ShadowMode.SYNTHETIC, ran::incrementAndGet);
        assertThat(ran).hasValue(2);
    }
}
