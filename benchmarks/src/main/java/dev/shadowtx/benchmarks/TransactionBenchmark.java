package dev.shadowtx.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.tx.ShadowTransactionManagerPostProcessor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One transaction that updates a row and commits, through a plain
 * {@link DataSourceTransactionManager} (baseline) and through one carrying the transaction guard,
 * live (the guard only looks) and in shadow (the commit becomes a rollback). H2 in memory behind
 * a Hikari pool.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class TransactionBenchmark {

    static final String UPDATE = "update counter set n = n + 1 where id = 1";

    final HikariDataSource pool = Fixtures.h2Pool("tx");

    final JdbcTemplate jdbc = new JdbcTemplate(this.pool);

    final TransactionTemplate unguarded = new TransactionTemplate(new DataSourceTransactionManager(this.pool));

    final TransactionTemplate guarded = new TransactionTemplate(ShadowTransactionManagerPostProcessor.guard(
            new DataSourceTransactionManager(this.pool), Fixtures.recorderSupplier()));

    @TearDown
    public void close() {
        this.pool.close();
    }

    @Benchmark
    public @Nullable Integer baselineUnguarded() {
        return this.unguarded.execute((status) -> this.jdbc.update(UPDATE));
    }

    @Benchmark
    public @Nullable Integer guardedLive() {
        return this.guarded.execute((status) -> this.jdbc.update(UPDATE));
    }

    @Benchmark
    public @Nullable Integer guardedShadow(ShadowThread shadow) {
        return this.guarded.execute((status) -> this.jdbc.update(UPDATE));
    }
}
