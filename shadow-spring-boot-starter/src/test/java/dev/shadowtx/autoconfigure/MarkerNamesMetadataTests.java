package dev.shadowtx.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.marker.MarkerNames;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The defaults of {@code shadow.detection.header} and {@code shadow.detection.baggage-key} are
 * declared once, in {@link MarkerNames}; the configuration metadata, which cannot read a constant
 * of another class, states them by hand, so this test keeps the two equal.
 */
class MarkerNamesMetadataTests {

    @Test
    void metadataStatesTheDefaultsOfMarkerNames() throws IOException {
        Map<String, String> defaults = new HashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        for (URL url : Collections.list(
                getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : mapper.readTree(in).path("properties")) {
                    if (property.path("defaultValue").isString()) {
                        defaults.put(
                                property.path("name").asString(),
                                property.path("defaultValue").asString());
                    }
                }
            }
        }
        assertThat(defaults)
                .containsEntry("shadow.detection.header", MarkerNames.DEFAULT_HEADER)
                .containsEntry("shadow.detection.baggage-key", MarkerNames.DEFAULT_BAGGAGE_KEY);
        ShadowProperties.Detection detection = new ShadowProperties().getDetection();
        assertThat(detection.getHeader()).isEqualTo(MarkerNames.DEFAULT_HEADER);
        assertThat(detection.getBaggageKey()).isEqualTo(MarkerNames.DEFAULT_BAGGAGE_KEY);
    }
}
