package dev.shadowtx.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.tx.ShadowDataSourceGuard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One auto-commit statement with no Spring transaction (borrow, update a row, return), straight
 * on a Hikari pool (baseline) and through the JDBC guard, live (the guard hands out the pool's
 * own connection) and in shadow (the connection is wrapped, and its work rolled back on close).
 * H2 in memory.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class JdbcBenchmark {

    static final String UPDATE = "update counter set n = n + 1 where id = 1";

    final HikariDataSource pool = Fixtures.h2Pool("jdbc");

    final DataSource guarded = ShadowDataSourceGuard.guard(this.pool, "dataSource", Fixtures.recorderSupplier());

    @TearDown
    public void close() {
        this.pool.close();
    }

    @Benchmark
    public int baselineUnguarded() throws SQLException {
        return update(this.pool);
    }

    @Benchmark
    public int guardedLive() throws SQLException {
        return update(this.guarded);
    }

    @Benchmark
    public int guardedShadow(ShadowThread shadow) throws SQLException {
        return update(this.guarded);
    }

    static int update(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(UPDATE)) {
            return statement.executeUpdate();
        }
    }
}
