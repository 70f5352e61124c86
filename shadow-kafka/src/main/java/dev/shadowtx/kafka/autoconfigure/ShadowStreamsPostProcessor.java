package dev.shadowtx.kafka.autoconfigure;

import dev.shadowtx.kafka.streams.ShadowStreamsGuard;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Guards every {@code StreamsBuilderFactoryBean} (Boot's and the application's own) before it
 * builds its {@code StreamsBuilder}: the processor wrapper must be configured before the first
 * processor is added to the topology. A {@code KafkaStreams} bean the application built itself is
 * built again guarded before any init method can start it; a {@code KafkaStreamsConfiguration} bean
 * gets the shadow client supplier for instances built from it outside any bean.
 */
final class ShadowStreamsPostProcessor implements BeanPostProcessor {

    private final Supplier<ShadowStreamsGuard> guard;

    ShadowStreamsPostProcessor(Supplier<ShadowStreamsGuard> guard) {
        this.guard = guard;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof StreamsBuilderFactoryBean factoryBean) {
            this.guard.get().guard(factoryBean);
        }
        if (bean instanceof KafkaStreamsConfiguration configuration) {
            return this.guard.get().guard(configuration);
        }
        if (bean instanceof KafkaStreams streams) {
            return this.guard.get().guardBuiltByHand(streams, beanName);
        }
        return bean;
    }
}
