package dev.shadowtx.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code shadow.*} properties of the configuration metadata that
 * spring-boot-configuration-processor generated for every module on the class path.
 */
final class ConfigurationMetadata {

    private ConfigurationMetadata() {}

    /**
     * Property name to its declared type, for every {@code shadow.*} property.
     */
    static Map<String, String> shadowProperties() {
        Map<String, String> properties = new TreeMap<>();
        ObjectMapper mapper = new ObjectMapper();
        try {
            for (URL url : Collections.list(ConfigurationMetadata.class
                    .getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : mapper.readTree(in).path("properties")) {
                        String name = property.path("name").asString();
                        if (name.startsWith("shadow.")) {
                            properties.put(name, property.path("type").asString(""));
                        }
                    }
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return properties;
    }
}
