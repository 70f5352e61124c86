package dev.shadowtx.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.testsupport.MarkerForms;
import dev.shadowtx.core.testsupport.RawHttp;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * On Tomcat, an unmarked request is decided live from its header bytes before any carrier is made;
 * every form of marker still takes the marked path and writes nothing, and the same request
 * unmarked commits.
 */
@SpringBootTest(
        classes = GuardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:marker-forms;DB_CLOSE_DELAY=-1",
            "spring.jpa.hibernate.ddl-auto=create-drop"
        })
class MarkerFormsOverHttpTests extends TrustOverHttpTests.Base {

    @Test
    void everyMarkerFormIsIsolatedAndTheUnmarkedRequestCommits() throws IOException {
        assertEveryMarkerFormIsolates(this);
    }

    static void assertEveryMarkerFormIsolates(TrustOverHttpTests.Base test) throws IOException {
        for (Map.Entry<String, Map<String, String>> form : MarkerForms.ISOLATING.entrySet()) {
            RawHttp.Response response = test.write("marked", form.getValue());
            assertThat(response.status())
                    .as("%s: %s", form.getKey(), response.body())
                    .isEqualTo(200);
            assertThat(response.header("X-Mode")).as(form.getKey()).isIn("shadow", "synthetic");
        }
        assertThat(test.rows("marked")).isZero();
        RawHttp.Response unmarked = test.write("unmarked", Map.of());
        assertThat(unmarked.header("X-Mode")).isEqualTo("live");
        assertThat(test.rows("unmarked")).isOne();
    }
}
