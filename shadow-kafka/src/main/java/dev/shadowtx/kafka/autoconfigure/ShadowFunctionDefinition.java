package dev.shadowtx.kafka.autoconfigure;

import dev.shadowtx.kafka.consumer.ShadowConsumerPostProcessor;
import dev.shadowtx.kafka.producer.ShadowProducerPostProcessor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Keeps Spring Cloud Function's choice of the application's single function as it is without
 * shadowtx: shadow-kafka's producer and consumer post-processors are beans that implement
 * {@code java.util.function.Function} (Spring Kafka's post-processor interfaces extend it), so
 * Spring Cloud Function, which binds the single functional bean of an application that names none
 * in {@code spring.cloud.function.definition}, would find several and bind none. Where the
 * application names no definition and has exactly one functional bean of its own, this names it,
 * in a property source of the lowest precedence; anything the application sets wins.
 */
final class ShadowFunctionDefinition implements BeanFactoryPostProcessor {

    static final String DEFINITION = "spring.cloud.function.definition";

    static final String PROPERTY_SOURCE = "shadowtxFunctionDefinition";

    private static final Log logger = LogFactory.getLog(ShadowFunctionDefinition.class);

    /**
     * Functional beans Spring Cloud Function never takes for the application's function.
     */
    private static final Set<String> NOT_CANDIDATES = Set.of("functionRouter", "defaultMessageRoutingHandler");

    private static final List<Class<?>> FUNCTIONAL_TYPES =
            List.of(Function.class, Supplier.class, Consumer.class, BiFunction.class, BiConsumer.class);

    private final ConfigurableEnvironment environment;

    ShadowFunctionDefinition(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (StringUtils.hasText(this.environment.getProperty(DEFINITION))) {
            return;
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (Class<?> type : FUNCTIONAL_TYPES) {
            candidates.addAll(List.of(beanFactory.getBeanNamesForType(type, true, false)));
        }
        candidates.removeAll(NOT_CANDIDATES);
        List<String> applications = new ArrayList<>();
        for (String name : candidates) {
            Class<?> type = beanFactory.getType(name, false);
            if (type == null || !isShadowtxPostProcessor(type)) {
                applications.add(name);
            }
        }
        if (applications.size() == 1 && candidates.size() > 1) {
            String definition = applications.get(0);
            this.environment
                    .getPropertySources()
                    .addLast(new MapPropertySource(PROPERTY_SOURCE, Map.of(DEFINITION, definition)));
            if (logger.isDebugEnabled()) {
                logger.debug("Spring Cloud Function: '" + definition
                        + "' is the application's single function (shadowtx's post-processors left out)");
            }
        }
    }

    private static boolean isShadowtxPostProcessor(Class<?> type) {
        return ShadowProducerPostProcessor.class.isAssignableFrom(type)
                || ShadowConsumerPostProcessor.class.isAssignableFrom(type);
    }
}
