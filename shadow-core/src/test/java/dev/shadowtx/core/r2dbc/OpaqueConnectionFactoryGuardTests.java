package dev.shadowtx.core.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.Databases;
import dev.shadowtx.core.testsupport.TakenApart;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The R2DBC guard cannot be taken apart: it is no Spring AOP {@code Advised}, so a cast in shadow
 * reaches the guard itself, and a row committed through what it reaches is not committed. The
 * live twin commits.
 */
class OpaqueConnectionFactoryGuardTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private R2dbcStore store;

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        if (this.store != null) {
            this.store.awaitReleased();
            this.store.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aGuardedFactoryTakenApartCommitsNothingInShadowAndCommitsLive(Databases database) {
        this.store = R2dbcStore.on(database, 1);
        ConnectionFactory guarded = ShadowConnectionFactoryGuard.guard(this.store.pool(), CountingRecorder::new);
        assertThat(AopUtils.isAopProxy(guarded)).isTrue();
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            commit(TakenApart.reach(guarded), "shadow");
        }
        commit(TakenApart.reach(guarded), "live");
        assertThat(this.store.committedItems()).containsExactly("live");
        assertThat(guarded).isNotInstanceOf(Advised.class);
    }

    private void commit(ConnectionFactory factory, String item) {
        Connection connection = Mono.from(factory.create()).block();
        Mono.from(connection.beginTransaction())
                .then(Mono.defer(() -> Flux.from(connection
                                .createStatement(this.store.insert(item))
                                .execute())
                        .flatMap((result) -> result.getRowsUpdated())
                        .then()))
                .then(Mono.from(connection.commitTransaction()))
                .then(Mono.from(connection.close()))
                .block();
    }
}
