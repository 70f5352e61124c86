package dev.shadowtx.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.util.ClassUtils;

/**
 * {@code shadow.enabled=false} leaves no shadow bean at all, whichever of the starter's
 * auto-configurations would otherwise apply.
 */
class DisabledShadowtxTests {

    @Test
    void everyAutoConfigurationBacksOffWhenDisabled() throws ClassNotFoundException {
        List<Class<?>> configurations = new ArrayList<>();
        for (String name :
                ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())) {
            if (name.startsWith("dev.shadowtx.")) {
                configurations.add(ClassUtils.forName(name, getClass().getClassLoader()));
            }
        }
        assertThat(configurations).hasSizeGreaterThanOrEqualTo(6);
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(configurations.toArray(new Class<?>[0])))
                .withPropertyValues("shadow.enabled=false")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeanDefinitionNames())
                            .noneMatch((name) -> name.toLowerCase().contains("shadow"));
                });
    }
}
