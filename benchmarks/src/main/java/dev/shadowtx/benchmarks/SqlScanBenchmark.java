package dev.shadowtx.benchmarks;

import dev.shadowtx.core.sql.SqlDatabase;
import dev.shadowtx.core.sql.TransactionEndingStatements;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the JDBC and R2DBC guards pay to read a shadow statement's SQL text before it is sent
 * ({@link TransactionEndingStatements}): a single {@code INSERT} or {@code SELECT}, which costs a
 * look at the first keyword, and a string of several statements, read to its end. Live statements
 * are not read at all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SqlScanBenchmark {

    private final TransactionEndingStatements postgresql =
            TransactionEndingStatements.of(SqlDatabase.POSTGRESQL, false);

    private final TransactionEndingStatements h2 = TransactionEndingStatements.of(SqlDatabase.H2, true);

    private String insert = "insert into orders (customer_id, item, quantity, amount) values (?, ?, ?, ?)";

    private String select = "select o.id, o.item, o.amount, c.name from orders o join customers c"
            + " on c.id = o.customer_id where o.created_at > ? and c.region = ? order by o.id desc limit 50";

    private String script = "insert into orders (item) values ('it''s; fine'); /* note; */"
            + " update orders set amount = case when amount > 10 then amount else 10 end where id = 1;"
            + " select $$; commit$$, count(*) from orders -- commit\n; delete from drafts where id = 2";

    @Benchmark
    public @Nullable String singleInsert() {
        return this.h2.find(this.insert);
    }

    @Benchmark
    public @Nullable String singleSelect() {
        return this.postgresql.find(this.select);
    }

    @Benchmark
    public @Nullable String fourStatements() {
        return this.postgresql.find(this.script);
    }
}
