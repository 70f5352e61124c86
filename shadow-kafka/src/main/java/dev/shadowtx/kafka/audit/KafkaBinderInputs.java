package dev.shadowtx.kafka.audit;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.cloud.stream.binder.BinderTypeRegistry;
import org.springframework.cloud.stream.config.BinderProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.function.BindableFunctionProxyFactory;
import org.springframework.util.Assert;

/**
 * Registers a {@link KafkaBinderInput} singleton for each input binding of Spring Cloud Stream's
 * Kafka binder, so that the leak audit lists it: when the binder's function support creates the
 * {@code BindableFunctionProxyFactory} of a function (while the singletons are created, before the
 * audit), each of its inputs whose binder is of type {@code kafka} is registered under
 * {@link KafkaBinderInput#auditName}. Inputs of other binders are left to their modules.
 */
public final class KafkaBinderInputs implements BeanPostProcessor, BeanFactoryAware {

    /**
     * The binder type of Spring Cloud Stream's Kafka binder.
     */
    static final String KAFKA_BINDER_TYPE = "kafka";

    private @Nullable ConfigurableListableBeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory);
        this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof BindableFunctionProxyFactory factory && this.beanFactory != null) {
            register(this.beanFactory, factory);
        }
        return bean;
    }

    private static void register(ConfigurableListableBeanFactory beanFactory, BindableFunctionProxyFactory factory) {
        String function = factory.getFunctionDefinition();
        BindingServiceProperties properties = beanFactory.getBean(BindingServiceProperties.class);
        String onlyType = onlyBinderType(beanFactory);
        for (String binding : factory.getInputs()) {
            String name = KafkaBinderInput.auditName(binding, function);
            if (KAFKA_BINDER_TYPE.equals(binderType(properties, binding, onlyType))
                    && !beanFactory.containsSingleton(name)) {
                beanFactory.registerSingleton(name, new KafkaBinderInput(binding, function));
            }
        }
    }

    /**
     * The type of the binder a binding uses: its binder, else the default binder, resolved through
     * {@code spring.cloud.stream.binders.<name>.type} when configured, else taken as a binder type
     * itself (such as {@code kafka}); with neither named, the only binder type on the classpath.
     */
    static @Nullable String binderType(BindingServiceProperties properties, String binding, @Nullable String onlyType) {
        String binder = properties.getBinder(binding);
        if (binder == null || binder.isEmpty()) {
            binder = properties.getDefaultBinder();
        }
        if (binder == null || binder.isEmpty()) {
            return onlyType;
        }
        BinderProperties configured = properties.getBinders().get(binder);
        return (configured != null && configured.getType() != null) ? configured.getType() : binder;
    }

    private static @Nullable String onlyBinderType(ConfigurableListableBeanFactory beanFactory) {
        BinderTypeRegistry registry =
                beanFactory.getBeanProvider(BinderTypeRegistry.class).getIfUnique();
        if (registry == null) {
            return null;
        }
        Map<String, ?> types = registry.getAll();
        return (types.size() == 1) ? types.keySet().iterator().next() : null;
    }
}
