package dev.shadowtx.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.routing.ShadowStoreException.Problem;
import dev.shadowtx.core.testsupport.Databases;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class ShadowStoreVerifierTests {

    private final ShadowStoreVerifier verifier = new ShadowStoreVerifier(true, null);

    @Test
    void storesWithTheSameTablesPassAndAreDescribedWithoutCredentials() {
        try (TwoStores stores = TwoStores.of(Databases.POSTGRESQL)) {
            ShadowStoreRouting.Route route = this.verifier.verify(routed(stores.live, stores.shadow));
            assertThat(route.verified()).isTrue();
            assertThat(route.databaseProduct()).isEqualTo("PostgreSQL");
            assertThat(route.shadowUrl()).endsWith("/routing_shadow_core").doesNotContain("user");
            assertThat(route.liveUrl()).endsWith("/postgres");
        }
    }

    @Test
    void shadowStoreWithoutTheLiveTablesFailsNamingThem() {
        try (TwoStores stores = TwoStores.of(Databases.H2)) {
            stores.liveJdbc().execute("create table payments (id int primary key)");
            assertThatExceptionOfType(ShadowStoreException.class)
                    .isThrownBy(() -> this.verifier.verify(routed(stores.live, stores.shadow)))
                    .satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.MISSING_TABLES))
                    .withMessageContaining("payments")
                    .withMessageNotContaining("routed_orders");
        }
    }

    @Test
    void tableCheckCanBeSwitchedOff() {
        try (TwoStores stores = TwoStores.of(Databases.H2)) {
            stores.liveJdbc().execute("create table payments (id int primary key)");
            assertThat(new ShadowStoreVerifier(false, null)
                            .verify(routed(stores.live, stores.shadow))
                            .verified())
                    .isTrue();
        }
    }

    @Test
    void storesOfDifferentKindsFail() {
        try (HikariDataSource live = Databases.POSTGRESQL.pool(1);
                HikariDataSource shadow = Databases.H2.pool(1)) {
            assertThatExceptionOfType(ShadowStoreException.class)
                    .isThrownBy(() -> this.verifier.verify(routed(live, shadow)))
                    .satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.DIFFERENT_KIND))
                    .withMessageContaining("PostgreSQL")
                    .withMessageContaining("H2");
        }
    }

    @Test
    void unreachableShadowStoreFails() {
        try (HikariDataSource live = Databases.POSTGRESQL.pool(1)) {
            DataSource nowhere = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none", "u", "p");
            assertThatExceptionOfType(ShadowStoreException.class)
                    .isThrownBy(() -> this.verifier.verify(routed(live, nowhere)))
                    .satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.UNREACHABLE))
                    .withMessageContaining("shadowDataSource");
        }
    }

    @Test
    void failingValidationQueryFails() {
        try (TwoStores stores = TwoStores.of(Databases.H2)) {
            new JdbcTemplate(stores.shadow).execute("create table seeded (id int)");
            ShadowStoreVerifier seeded = new ShadowStoreVerifier(true, "select 1 from seeded having count(*) > 0");
            assertThat(seeded.verify(routed(stores.live, stores.shadow)).verified())
                    .isTrue();
            ShadowStoreVerifier failing = new ShadowStoreVerifier(true, "select * from no_such_table");
            assertThatExceptionOfType(ShadowStoreException.class)
                    .isThrownBy(() -> failing.verify(routed(stores.live, stores.shadow)))
                    .satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.VALIDATION_QUERY_FAILED));
        }
    }

    @Test
    void urlsLoseParametersAndUserInformation() {
        assertThat(ShadowStoreVerifier.sanitize("jdbc:postgresql://db:5432/orders?user=a&password=b"))
                .isEqualTo("jdbc:postgresql://db:5432/orders");
        assertThat(ShadowStoreVerifier.sanitize("jdbc:mysql://user:secret@db/orders"))
                .isEqualTo("jdbc:mysql://db/orders");
        assertThat(ShadowStoreVerifier.sanitize("jdbc:h2:mem:x;PASSWORD=secret"))
                .isEqualTo("jdbc:h2:mem:x");
    }

    private static RoutedDataSource routed(DataSource live, DataSource shadow) {
        return (RoutedDataSource) ShadowRoutingDataSource.route(
                "dataSource", live, "shadowDataSource", shadow, false, () -> ShadowRecorder.NOOP);
    }
}
