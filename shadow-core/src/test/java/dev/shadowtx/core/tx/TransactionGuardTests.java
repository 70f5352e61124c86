package dev.shadowtx.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.testsupport.Databases;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transaction guard on its own: the data source is deliberately left unguarded, so only the
 * guard on the transaction manager stands between a shadow commit and the database.
 */
class TransactionGuardTests {

    private static final ShadowContext SYNTHETIC = ShadowContext.of(ShadowMode.SYNTHETIC, MarkerSource.HEADER);

    private final AtomicInteger rolledBack = new AtomicInteger();

    private final ShadowRecorder recorder = new ShadowRecorder() {
        @Override
        public void transactionRolledBack(ShadowMode mode) {
            TransactionGuardTests.this.rolledBack.incrementAndGet();
        }
    };

    private HikariDataSource pool;

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        if (this.pool != null) {
            this.pool.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void transactionTemplateCommitsLiveAndRollsBackInShadow(Databases database) {
        PlatformTransactionManager manager = guardedManager(database);
        TransactionTemplate template = new TransactionTemplate(manager);
        JdbcTemplate jdbc = new JdbcTemplate(this.pool);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
            String result = template.execute((status) -> {
                jdbc.update("insert into orders_tx (item) values ('shadow')");
                return "done";
            });
            assertThat(result).isEqualTo("done");
        }
        template.executeWithoutResult((status) -> jdbc.update("insert into orders_tx (item) values ('live')"));
        assertThat(items(jdbc)).containsExactly("live");
        assertThat(this.rolledBack.get()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void requiresNewAndNestedInsideShadowRollBack(Databases database) {
        PlatformTransactionManager manager = guardedManager(database);
        TransactionTemplate outer = new TransactionTemplate(manager);
        TransactionTemplate requiresNew = new TransactionTemplate(manager);
        requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        TransactionTemplate nested = new TransactionTemplate(manager);
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        JdbcTemplate jdbc = new JdbcTemplate(this.pool);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
            outer.executeWithoutResult((status) -> {
                jdbc.update("insert into orders_tx (item) values ('outer')");
                requiresNew.executeWithoutResult(
                        (inner) -> jdbc.update("insert into orders_tx (item) values ('requires-new')"));
                nested.executeWithoutResult((inner) -> jdbc.update("insert into orders_tx (item) values ('nested')"));
            });
            requiresNew.executeWithoutResult(
                    (status) -> jdbc.update("insert into orders_tx (item) values ('requires-new-alone')"));
        }
        assertThat(items(jdbc)).isEmpty();
        assertThat(this.rolledBack.get()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void managerThatIsNotConfigurableIsProxiedAndStillRollsBack(Databases database) {
        guardedManager(database);
        DataSourceTransactionManager real = new DataSourceTransactionManager(this.pool);
        PlatformTransactionManager plain = new PlainManager(real);
        PlatformTransactionManager guarded = ShadowTransactionManagerPostProcessor.guard(plain, () -> this.recorder);
        assertThat(guarded).isInstanceOf(PlainManager.class);
        JdbcTemplate jdbc = new JdbcTemplate(this.pool);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
            new TransactionTemplate(guarded)
                    .executeWithoutResult((status) -> jdbc.update("insert into orders_tx (item) values ('shadow')"));
        }
        new TransactionTemplate(guarded)
                .executeWithoutResult((status) -> jdbc.update("insert into orders_tx (item) values ('live')"));
        assertThat(items(jdbc)).containsExactly("live");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void postProcessorKeepsTheManagerInstanceAndRegistersOnce(Databases database) {
        this.pool = database.pool(2);
        DataSourceTransactionManager manager = new DataSourceTransactionManager(this.pool);
        ShadowTransactionManagerPostProcessor postProcessor =
                new ShadowTransactionManagerPostProcessor(() -> this.recorder);
        assertThat(postProcessor.postProcessAfterInitialization(manager, "tm")).isSameAs(manager);
        postProcessor.postProcessAfterInitialization(manager, "tm");
        assertThat(manager.getTransactionExecutionListeners()).hasSize(1);
    }

    private PlatformTransactionManager guardedManager(Databases database) {
        this.pool = database.pool(4);
        JdbcTemplate jdbc = new JdbcTemplate(this.pool);
        jdbc.execute("drop table if exists orders_tx");
        jdbc.execute("create table orders_tx (id serial primary key, item varchar(40))");
        return ShadowTransactionManagerPostProcessor.guard(
                new DataSourceTransactionManager(this.pool), () -> this.recorder);
    }

    private static java.util.List<String> items(JdbcTemplate jdbc) {
        return jdbc.queryForList("select item from orders_tx order by id", String.class);
    }

    /**
     * A transaction manager that implements only the interface, as some user-defined ones do.
     */
    static class PlainManager implements PlatformTransactionManager {

        private final PlatformTransactionManager delegate;

        PlainManager(PlatformTransactionManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return this.delegate.getTransaction(definition);
        }

        @Override
        public void commit(TransactionStatus status) {
            this.delegate.commit(status);
        }

        @Override
        public void rollback(TransactionStatus status) {
            this.delegate.rollback(status);
        }
    }
}
