package dev.shadowtx.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.testsupport.Databases;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The seam through which an integration lets a shadow transaction of its own manager commit:
 * the core consults the policies and counts the outcome, knowing nothing of the resource.
 */
class ShadowCommitPolicyTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final AtomicInteger rolledBack = new AtomicInteger();

    private final List<String> committed = new CopyOnWriteArrayList<>();

    private final ShadowRecorder recorder = new ShadowRecorder() {
        @Override
        public void transactionRolledBack(ShadowMode mode) {
            ShadowCommitPolicyTests.this.rolledBack.incrementAndGet();
        }

        @Override
        public void transactionCommitted(ShadowMode mode, String transactionManager) {
            ShadowCommitPolicyTests.this.committed.add(mode.markerValue() + "@" + transactionManager);
        }
    };

    private final AtomicInteger consulted = new AtomicInteger();

    private HikariDataSource pool;

    private JdbcTemplate jdbc;

    @BeforeEach
    void createTable() {
        this.pool = Databases.H2.pool(2);
        this.jdbc = new JdbcTemplate(this.pool);
        this.jdbc.execute("create table items_policy (item varchar(40))");
    }

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        this.pool.close();
    }

    @Test
    void shadowTransactionThatAPolicyProvesSafeCommitsAndIsCounted() {
        PlatformTransactionManager manager = guarded((target, transaction) -> {
            this.consulted.incrementAndGet();
            return true;
        });
        inShadow(() -> insert(manager, "permitted"));

        assertThat(items()).containsExactly("permitted");
        assertThat(this.committed).containsExactly("shadow@itemsTransactionManager");
        assertThat(this.rolledBack).hasValue(0);
    }

    @Test
    void policyIsGivenTheManagerItIsRegisteredOn() {
        DataSourceTransactionManager manager = new DataSourceTransactionManager(this.pool);
        List<PlatformTransactionManager> seen = new CopyOnWriteArrayList<>();
        new ShadowTransactionManagerPostProcessor(
                        () -> this.recorder,
                        () -> List.of((target, transaction) -> {
                            seen.add(target);
                            return false;
                        }))
                .postProcessAfterInitialization(manager, "itemsTransactionManager");
        inShadow(() -> insert(manager, "refused"));

        assertThat(seen).containsExactly(manager);
        assertThat(items()).isEmpty();
    }

    @Test
    void shadowTransactionRollsBackWhenNoPolicyPermitsIt() {
        PlatformTransactionManager manager = guarded((target, transaction) -> false);
        inShadow(() -> insert(manager, "refused"));

        assertThat(items()).isEmpty();
        assertThat(this.rolledBack).hasValue(1);
        assertThat(this.committed).isEmpty();
    }

    @Test
    void policyThatFailsCountsAsARefusal() {
        PlatformTransactionManager manager = guarded((target, transaction) -> {
            throw new IllegalStateException("policy broken");
        });
        inShadow(() -> insert(manager, "broken-policy"));

        assertThat(items()).isEmpty();
        assertThat(this.rolledBack).hasValue(1);
    }

    @Test
    void permittedTransactionThatFailsRollsBackAndIsNotCountedAsCommitted() {
        PlatformTransactionManager manager = guarded((target, transaction) -> true);
        assertThatThrownBy(() -> inShadow(() -> new TransactionTemplate(manager).executeWithoutResult((status) -> {
                    this.jdbc.update("insert into items_policy (item) values ('failed')");
                    throw new IllegalStateException("business failure");
                })))
                .isInstanceOf(IllegalStateException.class);

        assertThat(items()).isEmpty();
        assertThat(this.committed).isEmpty();
    }

    @Test
    void liveTransactionsNeverConsultThePolicies() {
        PlatformTransactionManager manager = guarded((target, transaction) -> {
            this.consulted.incrementAndGet();
            return false;
        });
        insert(manager, "live");

        assertThat(items()).containsExactly("live");
        assertThat(this.consulted).hasValue(0);
        assertThat(this.committed).isEmpty();
    }

    @Test
    void listenerBuiltWithoutAManagerRollsBackEveryShadowTransaction() {
        DataSourceTransactionManager manager = new DataSourceTransactionManager(this.pool);
        manager.addListener(new ShadowTransactionListener(() -> this.recorder));
        inShadow(() -> insert(manager, "no-policy"));

        assertThat(items()).isEmpty();
        assertThat(this.rolledBack).hasValue(1);
    }

    private PlatformTransactionManager guarded(ShadowCommitPolicy policy) {
        DataSourceTransactionManager manager = new DataSourceTransactionManager(this.pool);
        Object processed = new ShadowTransactionManagerPostProcessor(() -> this.recorder, () -> List.of(policy))
                .postProcessAfterInitialization(manager, "itemsTransactionManager");
        assertThat(processed).isSameAs(manager);
        return manager;
    }

    private void insert(PlatformTransactionManager manager, String item) {
        new TransactionTemplate(manager)
                .executeWithoutResult((status) -> this.jdbc.update("insert into items_policy (item) values (?)", item));
    }

    private List<String> items() {
        return this.jdbc.queryForList("select item from items_policy", String.class);
    }

    private static void inShadow(Runnable action) {
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            action.run();
        }
    }
}
