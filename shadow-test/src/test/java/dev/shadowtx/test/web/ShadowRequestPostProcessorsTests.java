package dev.shadowtx.test.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.test.jdbc.TableRows;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The kit used the way a user would: each post-processor marks a request so the shadowtx filter
 * isolates it, and {@link TableRows} proves no row was left (and notices when one is).
 */
@SpringBootTest(
        classes = ShadowRequestPostProcessorsTests.App.class,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:shadow-test-kit;DB_CLOSE_DELAY=-1",
            "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration,"
                    + "dev.shadowtx.kafka.autoconfigure.ShadowKafkaAutoConfiguration"
        })
@AutoConfigureMockMvc
class ShadowRequestPostProcessorsTests {

    @Autowired
    MockMvc mockMvc;

    @Autowired
    DataSource dataSource;

    @Test
    void everyMarkerFormIsolatesAndLeavesNoRow() throws Exception {
        Map<RequestPostProcessor, String> markers = Map.of(
                ShadowRequestPostProcessors.shadowHeader(),
                "shadow",
                ShadowRequestPostProcessors.syntheticHeader(),
                "synthetic",
                ShadowRequestPostProcessors.baggage(ShadowMode.SYNTHETIC),
                "synthetic",
                ShadowRequestPostProcessors.hostSuffix(),
                "shadow",
                ShadowRequestPostProcessors.hostSuffix("orders:8080"),
                "shadow");
        for (Map.Entry<RequestPostProcessor, String> marker : markers.entrySet()) {
            TableRows.assertLeavesNoRow(
                    this.dataSource,
                    () -> {
                        String mode = this.mockMvc
                                .perform(post("/orders").with(marker.getKey()))
                                .andReturn()
                                .getResponse()
                                .getContentAsString();
                        assertThat(mode).isEqualTo(marker.getValue());
                    },
                    "kit_orders");
        }
    }

    @Test
    void tableRowsNoticesACommittedRow() throws Exception {
        TableRows before = TableRows.snapshot(this.dataSource, "kit_orders");
        this.mockMvc.perform(post("/orders").with(ShadowRequestPostProcessors.explicitLive()));
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(before::assertUnchanged)
                .withMessageContaining("kit_orders: ");
        assertThat(TableRows.countWhere(this.dataSource, "kit_orders", "item", "widget"))
                .isPositive();
    }

    @Test
    void tableRowsRefusesSomethingThatIsNotATableName() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> TableRows.snapshot(this.dataSource, "kit_orders; drop table kit_orders"));
    }

    @SpringBootApplication
    static class App {

        @RestController
        static class Orders {

            private final JdbcTemplate jdbc;

            Orders(JdbcTemplate jdbc) {
                this.jdbc = jdbc;
                jdbc.execute("create table if not exists kit_orders (item varchar(20))");
            }

            @PostMapping("/orders")
            String place() {
                this.jdbc.update("insert into kit_orders (item) values ('widget')");
                return ShadowContextHolder.currentMode()
                        .map(ShadowMode::markerValue)
                        .orElse("live");
            }
        }
    }
}
