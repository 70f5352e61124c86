package dev.shadowtx.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.PlainJdbc;
import dev.shadowtx.materialize.actuate.ShadowMaterializeHealthIndicator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The embedded source on two real PostgreSQL servers: the live one's committed changes reach the
 * shadow store, except on rows shadow traffic owns.
 */
class EmbeddedSourceIntegrationTests {

    private static final Duration STREAM = Duration.ofSeconds(60);

    private static final String ORDERS = "id bigint PRIMARY KEY, status text NOT NULL, amount numeric(10,2),"
            + " placed_at timestamp, placed_on date, paid boolean, details jsonb, receipt bytea, ref uuid,"
            + " placed_tz timestamptz, placed_ms timestamp(3)";

    private final PlainJdbc live = LiveAndShadowDatabases.live();

    private final PlainJdbc shadow = LiveAndShadowDatabases.shadow();

    @Test
    void liveInsertsUpdatesAndDeletesAppearInTheShadowStore() {
        String table = LiveAndShadowDatabases.createTable("orders", ORDERS);
        this.live.execute("INSERT INTO " + table + " VALUES (1, 'placed', 12.50, '2026-01-02 03:04:05.123456',"
                + " '2026-01-02', false, '{\"lines\": [1, 2]}', '\\xdeadbeef', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
                + " '2026-01-02 03:04:05.5+02', '2026-01-02 03:04:05.789')");
        try (ConfigurableApplicationContext context = MaterializedOrdersApplication.run(
                LiveAndShadowDatabases.embeddedSource(LiveAndShadowDatabases.uniqueName("slot"), table))) {
            await().atMost(STREAM).until(() -> rows(this.shadow, table), (rows) -> rows.equals(rows(this.live, table)));

            this.live.execute(
                    "INSERT INTO " + table + " VALUES (2, 'placed', 99999999.99, '1969-12-31 23:59:59.999999',"
                            + " '1900-01-01', true, '[]', '\\x00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', '1999-01-01 00:00:00Z',"
                            + " '1999-01-01 00:00:00.001')");
            this.live.execute("UPDATE " + table
                    + " SET status = 'shipped', amount = -0.01, details = '{\"a\": null}' WHERE id = 1");
            await().atMost(STREAM).until(() -> rows(this.shadow, table), (rows) -> rows.equals(rows(this.live, table)));
            assertThat(rows(this.shadow, table)).hasSize(2);

            this.live.execute("DELETE FROM " + table + " WHERE id = 2");
            await().atMost(STREAM).until(() -> rows(this.shadow, table), (rows) -> rows.equals(rows(this.live, table)));
            assertThat(rows(this.shadow, table)).hasSize(1).first().asString().contains("shipped");

            MaterializeStatus status =
                    context.getBean(MaterializedShadowStore.class).status();
            assertThat(status.count("read", "applied")).isEqualTo(1);
            assertThat(status.count("create", "applied")).isEqualTo(1);
            assertThat(status.count("update", "applied")).isEqualTo(1);
            assertThat(status.count("delete", "applied")).isEqualTo(1);
            assertThat(status.lastPosition()).isNotBlank();

            Health health =
                    context.getBean(ShadowMaterializeHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails().get("slot").toString()).contains("exists=true", "active=true");
            Health lagging = new ShadowMaterializeHealthIndicator(
                            context.getBean(MaterializedShadowStore.class), Duration.ofNanos(1))
                    .health();
            assertThat(lagging.getStatus()).isEqualTo(Status.DOWN);
            assertThat(lagging.getDetails().get("reason").toString()).startsWith("lag");
        }
    }

    @Test
    void aShadowWriteOwnsTheRowSoLaterLiveUpdatesAndDeletesLeaveItAlone() {
        String table = LiveAndShadowDatabases.createTable("orders", "id bigint PRIMARY KEY, status text NOT NULL");
        this.live.execute("INSERT INTO " + table + " VALUES (1, 'placed'), (2, 'placed')");
        try (ConfigurableApplicationContext context = MaterializedOrdersApplication.run(
                LiveAndShadowDatabases.embeddedSource(LiveAndShadowDatabases.uniqueName("slot"), table))) {
            await().atMost(STREAM).until(() -> rows(this.shadow, table), (rows) -> rows.size() == 2);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);

            ShadowTraffic.runIsolated(ShadowMode.SYNTHETIC, () -> {
                jdbc.update("UPDATE " + table + " SET status = 'paid in shadow' WHERE id = 1");
                jdbc.update("INSERT INTO " + table + " VALUES (1000, 'created in shadow')");
            });
            assertThat(statusOf(this.live, table, 1)).isEqualTo("placed");
            assertThat(statusOf(this.shadow, table, 1)).isEqualTo("paid in shadow");

            this.live.execute("UPDATE " + table + " SET status = 'shipped' WHERE id = 1");
            this.live.execute("UPDATE " + table + " SET status = 'shipped' WHERE id = 2");
            await().atMost(STREAM).until(() -> statusOf(this.shadow, table, 2), "shipped"::equals);
            assertThat(statusOf(this.shadow, table, 1)).isEqualTo("paid in shadow");

            this.live.execute("DELETE FROM " + table + " WHERE id = 1");
            this.live.execute("INSERT INTO " + table + " VALUES (3, 'placed')");
            await().atMost(STREAM).until(() -> statusOf(this.shadow, table, 3), "placed"::equals);
            assertThat(statusOf(this.shadow, table, 1)).isEqualTo("paid in shadow");
            assertThat(statusOf(this.shadow, table, 1000)).isEqualTo("created in shadow");

            // a shadow read of the next request sees its own writes and near-live rows alike
            List<String> seenInShadow = new java.util.ArrayList<>();
            ShadowTraffic.runIsolated(
                    ShadowMode.SYNTHETIC,
                    () -> seenInShadow.addAll(
                            jdbc.queryForList("SELECT status FROM " + table + " ORDER BY id", String.class)));
            assertThat(seenInShadow).containsExactly("paid in shadow", "shipped", "placed", "created in shadow");

            MaterializedShadowStore store = context.getBean(MaterializedShadowStore.class);
            assertThat(store.status().count("update", "skipped")).isEqualTo(1);
            assertThat(store.status().count("delete", "skipped")).isEqualTo(1);
            assertThat(store.ledger().owned()).containsEntry("public." + table, 2L);

            // released by an operator, the row returns to production: deleted there, so deleted here
            assertThat(store.ledger().release(table, "{\"id\": 1}")).isEqualTo(1);
            assertThat(statusOf(this.shadow, table, 1)).isNull();
            assertThat(store.ledger().owned()).containsEntry("public." + table, 1L);
        }
    }

    @Test
    void ownershipExpiresAfterTheTtlAndTheRowConvergesBackToProduction() {
        String table = LiveAndShadowDatabases.createTable("orders", "id bigint PRIMARY KEY, status text NOT NULL");
        this.live.execute("INSERT INTO " + table + " VALUES (1, 'placed')");
        Map<String, Object> properties =
                LiveAndShadowDatabases.embeddedSource(LiveAndShadowDatabases.uniqueName("slot"), table);
        properties.put("shadow.materialize.ownership-ttl", "2s");
        properties.put("shadow.materialize.expiry-interval", "200ms");
        try (ConfigurableApplicationContext context = MaterializedOrdersApplication.run(properties)) {
            await().atMost(STREAM).until(() -> statusOf(this.shadow, table, 1), "placed"::equals);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW,
                    () -> jdbc.update("UPDATE " + table + " SET status = 'cancelled in shadow' WHERE id = 1"));
            this.live.execute("UPDATE " + table + " SET status = 'shipped' WHERE id = 1");
            MaterializeStatus status =
                    context.getBean(MaterializedShadowStore.class).status();
            await().atMost(STREAM).until(() -> status.count("update", "skipped"), (count) -> count == 1);
            assertThat(statusOf(this.shadow, table, 1)).isEqualTo("cancelled in shadow");

            await().atMost(STREAM).until(() -> statusOf(this.shadow, table, 1), "shipped"::equals);
            assertThat(context.getBean(MaterializedShadowStore.class).ledger().owned())
                    .containsEntry("public." + table, 0L);
        }
    }

    @Test
    void aRestartResumesFromTheOffsetStoredInTheShadowStore() {
        String table = LiveAndShadowDatabases.createTable("orders", "id bigint PRIMARY KEY, status text NOT NULL");
        this.live.execute("INSERT INTO " + table + " VALUES (1, 'placed'), (2, 'placed')");
        Map<String, Object> properties =
                LiveAndShadowDatabases.embeddedSource(LiveAndShadowDatabases.uniqueName("slot"), table);
        try (ConfigurableApplicationContext context = MaterializedOrdersApplication.run(properties)) {
            await().atMost(STREAM).until(() -> rows(this.shadow, table), (rows) -> rows.size() == 2);
            this.live.execute("INSERT INTO " + table + " VALUES (3, 'placed')");
            await().atMost(STREAM).until(() -> rows(this.shadow, table), (rows) -> rows.size() == 3);
        }
        this.live.execute("INSERT INTO " + table + " VALUES (4, 'placed while stopped')");
        this.live.execute("UPDATE " + table + " SET status = 'shipped while stopped' WHERE id = 2");
        try (ConfigurableApplicationContext context = MaterializedOrdersApplication.run(properties)) {
            await().atMost(STREAM).until(() -> rows(this.shadow, table), (rows) -> rows.equals(rows(this.live, table)));
            MaterializeStatus status =
                    context.getBean(MaterializedShadowStore.class).status();
            assertThat(status.count("read", "applied")).as("no second snapshot").isZero();
            assertThat(status.count("create", "applied"))
                    .as("row 3 is not streamed again")
                    .isEqualTo(1);
            assertThat(status.count("update", "applied")).isEqualTo(1);
        }
    }

    @Test
    void refusesToStartWhenTheShadowStoreIsTheLiveDatabase() {
        String table = LiveAndShadowDatabases.createTable("orders", "id bigint PRIMARY KEY, status text NOT NULL");
        Map<String, Object> properties =
                LiveAndShadowDatabases.embeddedSource(LiveAndShadowDatabases.uniqueName("slot"), table);
        properties.put("shadow.datasource.url", LiveAndShadowDatabases.liveUrl());
        assertThatThrownBy(() -> MaterializedOrdersApplication.run(properties).close())
                .hasStackTraceContaining("is the shadow store itself");
    }

    private static List<String> rows(PlainJdbc database, String table) {
        return database.strings("SELECT t::text FROM " + table + " t ORDER BY id");
    }

    private static String statusOf(PlainJdbc database, String table, long id) {
        List<String> statuses = database.strings("SELECT status FROM " + table + " WHERE id = " + id);
        return statuses.isEmpty() ? null : statuses.get(0);
    }
}
