package dev.shadowtx.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/reference/meters.md and the meters the library modules declare agree both ways, and no
 * module registers a meter by a name no meter enum declares.
 */
class MeterReferenceTests {

    /**
     * A meter registered by a literal name: {@code Counter.builder("...")},
     * {@code registry.counter("...")} and their kin.
     */
    private static final Pattern LITERAL_REGISTRATION = Pattern.compile(
            "(?:(?:Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer|TimeGauge)"
                    + "\\.builder|\\.(?:counter|timer|gauge|summary|more\\(\\)\\.\\w+))\\(\\s*\"([^\"]+)\"");

    private final Map<String, MeterDeclarations.Meter> declared = MeterDeclarations.all();

    private final Set<String> documented = ReferenceTable.names(Reactor.readFromRoot("docs/reference/meters.md"), "");

    @Test
    void everyDeclaredMeterIsInTheReference() {
        assertThat(this.declared).containsKeys("shadow.requests", "shadow.audit.uncovered.calls");
        assertThat(this.declared.values())
                .allSatisfy((meter) -> assertThat(this.documented)
                        .as("%s (%s) is in docs/reference/meters.md", meter.name(), meter.declaredBy())
                        .contains(meter.name()));
    }

    @Test
    void everyDocumentedMeterIsDeclared() {
        assertThat(this.documented).contains("shadow.requests");
        assertThat(this.documented)
                .allSatisfy((name) -> assertThat(this.declared)
                        .as("%s (docs/reference/meters.md) is declared by a meter enum", name)
                        .containsKey(name));
    }

    @Test
    void meterNamesAreLowercaseAndDotted() {
        assertThat(this.declared.keySet())
                .allSatisfy((name) -> assertThat(name).matches("shadow(\\.[a-z][a-z0-9-]*)+"));
    }

    @Test
    void noModuleRegistersAMeterThatNoEnumDeclares() {
        List<String> undeclared = new ArrayList<>();
        for (Path source : Reactor.librarySources()) {
            Matcher matcher = LITERAL_REGISTRATION.matcher(Reactor.read(source));
            while (matcher.find()) {
                if (!this.declared.containsKey(matcher.group(1))) {
                    undeclared.add(matcher.group(1) + " in " + Reactor.root().relativize(source));
                }
            }
        }
        assertThat(undeclared)
                .as("meters registered by a name no meter enum declares")
                .isEmpty();
    }
}
