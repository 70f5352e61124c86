package dev.shadowtx.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.core.testsupport.PlainJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The load figures of docs/benchmarks.md: the lag under a steady live write load, and how many
 * changes per second the embedded source applies when it has a backlog. Prints one line each.
 */
class MaterializeLoadFigureTests {

    private static final int STEADY_SECONDS = 10;

    private static final int STEADY_ROWS_PER_SECOND = 500;

    private static final int BACKLOG_ROWS = 20_000;

    private final PlainJdbc live = LiveAndShadowDatabases.live();

    private final PlainJdbc shadow = LiveAndShadowDatabases.shadow();

    @Test
    void appliesASteadyLiveWriteLoadAndABacklog() throws InterruptedException {
        String table = LiveAndShadowDatabases.createTable(
                "load", "id bigint PRIMARY KEY, status text NOT NULL, amount numeric(10,2)");
        Map<String, Object> properties =
                LiveAndShadowDatabases.embeddedSource(LiveAndShadowDatabases.uniqueName("slot"), table);
        properties.put("shadow.materialize.source.snapshot-mode", "no_data");
        try (ConfigurableApplicationContext context = MaterializedOrdersApplication.run(properties)) {
            MaterializeStatus status =
                    context.getBean(MaterializedShadowStore.class).status();
            await().atMost(Duration.ofSeconds(60)).until(() -> status.state() == MaterializeStatus.State.RUNNING);
            this.live.execute("INSERT INTO " + table + " VALUES (0, 'warm-up', 0)");
            await().atMost(Duration.ofSeconds(60)).until(() -> count(this.shadow, table) == 1);

            // steady load: one transaction of 10 rows every 20 ms, from a scheduler
            int rowsPerTransaction = 10;
            int transactions = STEADY_SECONDS * STEADY_ROWS_PER_SECOND / rowsPerTransaction;
            long interval = TimeUnit.SECONDS.toMicros(1) * rowsPerTransaction / STEADY_ROWS_PER_SECOND;
            AtomicInteger written = new AtomicInteger();
            ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
            try {
                writer.scheduleAtFixedRate(
                        () -> {
                            int first = 1 + written.get() * rowsPerTransaction;
                            if (written.get() < transactions) {
                                this.live.execute(
                                        "INSERT INTO " + table + " SELECT g, 'placed', g % 1000 FROM generate_series("
                                                + first + ", " + (first + rowsPerTransaction - 1) + ") g");
                                written.incrementAndGet();
                            }
                        },
                        0,
                        interval,
                        TimeUnit.MICROSECONDS);
                await().atMost(Duration.ofSeconds(STEADY_SECONDS * 6L)).until(() -> written.get() == transactions);
            } finally {
                writer.shutdownNow();
            }
            int id = 1 + transactions * rowsPerTransaction;
            int steadyRows = id;
            await().atMost(Duration.ofSeconds(120)).until(() -> count(this.shadow, table) == steadyRows);
            Timer lag = context.getBean(MeterRegistry.class)
                    .get(MaterializeMeter.LAG.meterName())
                    .timer();
            System.out.printf(
                    "materialize steady load: %d rows/s for %d s, lag mean %.0f ms, max %.0f ms%n",
                    STEADY_ROWS_PER_SECOND,
                    STEADY_SECONDS,
                    lag.mean(TimeUnit.MILLISECONDS),
                    lag.max(TimeUnit.MILLISECONDS));
            assertThat(lag.max(TimeUnit.SECONDS)).isLessThan(30);

            // backlog: one transaction of many rows, applied as fast as the stream goes
            long appliedBefore = status.total(ShadowStoreApplier.APPLIED);
            long start = System.nanoTime();
            this.live.execute("INSERT INTO " + table + " SELECT g, 'placed', g % 1000 FROM generate_series("
                    + steadyRows + ", " + (steadyRows + BACKLOG_ROWS - 1) + ") g");
            await().atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> status.total(ShadowStoreApplier.APPLIED) - appliedBefore == BACKLOG_ROWS);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "materialize backlog: %d changes applied in %.1f s, %.0f changes/s%n",
                    BACKLOG_ROWS, seconds, BACKLOG_ROWS / seconds);
            assertThat(count(this.shadow, table)).isEqualTo(steadyRows + BACKLOG_ROWS);
        }
    }

    private static long count(PlainJdbc database, String table) {
        return Long.parseLong(database.strings("SELECT count(*) FROM " + table).get(0));
    }
}
