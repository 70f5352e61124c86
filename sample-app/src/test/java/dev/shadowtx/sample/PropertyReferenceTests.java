package dev.shadowtx.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every {@code shadow.*} property in the configuration metadata generated for the modules on
 * this classpath (all of them) is documented in docs/reference/properties.md.
 */
class PropertyReferenceTests {

    @Test
    void everyPropertyInTheMetadataIsInTheReference() throws IOException {
        Set<String> properties = new TreeSet<>();
        ObjectMapper mapper = new ObjectMapper();
        for (URL url : Collections.list(
                getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : mapper.readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("shadow.")) {
                        properties.add(name);
                    }
                }
            }
        }
        assertThat(properties)
                .contains(
                        "shadow.enabled",
                        "shadow.trust.mode",
                        "shadow.jdbc.guard",
                        "shadow.kafka.default-action",
                        "shadow.feign.clients");
        String reference = Files.readString(Path.of("..", "docs", "reference", "properties.md"));
        assertThat(properties)
                .allSatisfy((name) -> assertThat(isDocumented(reference, name))
                        .as("%s is in docs/reference/properties.md", name)
                        .isTrue());
    }

    /**
     * A property is documented by its own row or by a wildcard row such as {@code shadow.datasource.*}.
     */
    private static boolean isDocumented(String reference, String name) {
        if (reference.contains("`" + name)) {
            return true;
        }
        for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
            if (reference.contains("`" + name.substring(0, dot) + ".*`")) {
                return true;
            }
        }
        return false;
    }
}
