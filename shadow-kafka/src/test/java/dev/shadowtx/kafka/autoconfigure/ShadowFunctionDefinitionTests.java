package dev.shadowtx.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.kafka.KafkaMarkers;
import dev.shadowtx.kafka.consumer.ShadowConsumerPostProcessor;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

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
