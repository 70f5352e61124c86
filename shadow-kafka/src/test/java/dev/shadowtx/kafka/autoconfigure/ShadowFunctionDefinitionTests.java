package dev.shadowtx.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.kafka.KafkaMarkers;
import dev.shadowtx.kafka.consumer.ShadowConsumerPostProcessor;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * shadowtx's functional beans are left out when Spring Cloud Function looks for the application's
 * single function: the definition is named only where the application has exactly one function of
 * its own and names none itself.
 */
class ShadowFunctionDefinitionTests {

    @Test
    void namesTheApplicationsSingleFunctionBesideShadowtxsOwn() {
        assertThat(definitionWith(Map.of(), "ledger")).isEqualTo("ledger");
    }

    @Test
    void takesOnlyShadowtxsPostProcessorsForItsOwnNotOtherClassesOfItsPackages() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean("billing", BillingFunction.class, BillingFunction::new);
            withShadowtxPostProcessor(context);
            context.refresh();
            assertThat(context.getEnvironment().getProperty(ShadowFunctionDefinition.DEFINITION))
                    .isEqualTo("billing");
        }
    }

    @Test
    void namesNothingWhereTheApplicationHasTwoFunctions() {
        assertThat(definitionWith(Map.of(), "ledger", "audit")).isNull();
    }

    @Test
    void leavesTheApplicationsOwnDefinition() {
        assertThat(definitionWith(Map.of(ShadowFunctionDefinition.DEFINITION, "audit"), "ledger"))
                .isEqualTo("audit");
    }

    @Test
    void namesNothingWhereShadowtxsBeansAreNotThere() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean("ledger", Consumer.class, () -> (value) -> {});
            context.addBeanFactoryPostProcessor(new ShadowFunctionDefinition(context.getEnvironment()));
            context.refresh();
            assertThat(context.getEnvironment().getPropertySources().contains(ShadowFunctionDefinition.PROPERTY_SOURCE))
                    .isFalse();
        }
    }

    @Test
    void functionCatalogWithoutAStreamBinderFindsTheApplicationsSingleFunction() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ContextFunctionCatalogAutoConfiguration.class,
                        KafkaAutoConfiguration.class,
                        ShadowKafkaAutoConfiguration.class))
                .withBean("uppercase", Function.class, () -> (Function<String, String>) String::toUpperCase)
                .run((context) -> {
                    assertThat(ClassUtils.isPresent(
                                    "org.springframework.cloud.stream.binder.kafka.KafkaMessageChannelBinder", null))
                            .as("Kafka binder on the class path")
                            .isFalse();
                    assertThat(context).hasSingleBean(ShadowFunctionDefinition.class);
                    Function<Object, Object> function =
                            context.getBean(FunctionCatalog.class).lookup("");
                    assertThat(function).isNotNull();
                    assertThat(function.apply("ledger")).isEqualTo("LEDGER");
                });
    }

    private static String definitionWith(Map<String, Object> properties, String... functions) {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
            for (String name : functions) {
                context.registerBean(name, Consumer.class, () -> (value) -> {});
            }
            withShadowtxPostProcessor(context);
            context.refresh();
            return context.getEnvironment().getProperty(ShadowFunctionDefinition.DEFINITION);
        }
    }

    private static void withShadowtxPostProcessor(GenericApplicationContext context) {
        context.registerBean(
                "shadowConsumerPostProcessor",
                ShadowConsumerPostProcessor.class,
                () -> new ShadowConsumerPostProcessor<>(KafkaMarkers.defaults()));
        context.addBeanFactoryPostProcessor(new ShadowFunctionDefinition(context.getEnvironment()));
    }

    /**
     * An application's function whose class lives in a package beside shadowtx's.
     */
    static final class BillingFunction implements Function<Object, Object> {

        @Override
        public Object apply(Object value) {
            return value;
        }
    }
}
