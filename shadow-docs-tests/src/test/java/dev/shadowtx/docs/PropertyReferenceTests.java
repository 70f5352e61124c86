package dev.shadowtx.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * docs/reference/properties.md and the configuration metadata generated for every library module
 * agree both ways: every {@code shadow.*} property is documented, and every documented
 * {@code shadow.*} property exists. A row documents a map of groups with a placeholder
 * ({@code shadow.http.destinations.<host>.action}: the map {@code shadow.http.destinations} whose
 * values have an {@code action}) and a delegated group with a wildcard ({@code shadow.datasource.*}).
 */
class PropertyReferenceTests {

    private final Map<String, String> metadata = ConfigurationMetadata.shadowProperties();

    private final Set<String> documented =
            ReferenceTable.names(Reactor.readFromRoot("docs/reference/properties.md"), "shadow.");

    @Test
    void everyPropertyOfEveryModuleIsInTheReference() {
        assertThat(this.metadata)
                .containsKeys(
                        "shadow.enabled",
                        "shadow.trust.mode",
                        "shadow.jdbc.guard",
                        "shadow.kafka.default-action",
                        "shadow.feign.clients");
        assertThat(this.metadata.keySet())
                .allSatisfy((name) -> assertThat(isDocumented(name))
                        .as("%s is in docs/reference/properties.md", name)
                        .isTrue());
    }

    @Test
    void everyDocumentedPropertyExists() {
        assertThat(this.documented).contains("shadow.enabled", "shadow.http.destinations.<host>.stub.body");
        assertThat(this.documented)
                .allSatisfy((name) -> assertThat(exists(name))
                        .as("%s (docs/reference/properties.md) is a property of a module", name)
                        .isTrue());
    }

    private boolean isDocumented(String name) {
        for (String row : this.documented) {
            if (row.equals(name)
                    || (row.endsWith(".*") && name.startsWith(row.substring(0, row.length() - 1)))
                    || (row.contains(".<")
                            && row.substring(0, row.indexOf(".<")).equals(name))) {
                return true;
            }
        }
        return false;
    }

    private boolean exists(String row) {
        if (row.endsWith(".*")) {
            String prefix = row.substring(0, row.length() - 1);
            return this.metadata.keySet().stream().anyMatch((name) -> name.startsWith(prefix));
        }
        int placeholder = row.indexOf(".<");
        if (placeholder < 0) {
            return this.metadata.containsKey(row);
        }
        String type = this.metadata.get(row.substring(0, placeholder));
        if (type == null || !type.startsWith("java.util.Map<")) {
            return false;
        }
        String rest = row.substring(row.indexOf('>', placeholder) + 1);
        Class<?> valueType = load(mapValueType(type));
        for (String segment : rest.isEmpty() ? new String[0] : rest.substring(1).split("\\.")) {
            if (valueType == null) {
                return false;
            }
            valueType = propertyType(valueType, segment);
        }
        return rest.isEmpty() || valueType != null;
    }

    private static String mapValueType(String mapType) {
        String arguments = mapType.substring(mapType.indexOf('<') + 1, mapType.lastIndexOf('>'));
        int depth = 0;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return arguments.substring(i + 1).strip();
            }
        }
        throw new IllegalArgumentException(mapType);
    }

    private static @Nullable Class<?> load(String type) {
        String raw = type.contains("<") ? type.substring(0, type.indexOf('<')) : type;
        try {
            return Class.forName(raw, false, PropertyReferenceTests.class.getClassLoader());
        } catch (ClassNotFoundException ex) {
            return null;
        }
    }

    /**
     * The type of a bean property (getter, {@code is} getter or record accessor) named in kebab case.
     */
    private static @Nullable Class<?> propertyType(Class<?> type, String kebab) {
        StringBuilder camel = new StringBuilder();
        for (String word : kebab.split("-")) {
            camel.append(camel.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1));
        }
        String capitalized = camel.substring(0, 1).toUpperCase(Locale.ROOT) + camel.substring(1);
        for (String candidate : new String[] {"get" + capitalized, "is" + capitalized, camel.toString()}) {
            for (Method method : type.getMethods()) {
                if (method.getName().equals(candidate) && method.getParameterCount() == 0) {
                    return method.getReturnType();
                }
            }
        }
        return null;
    }
}
