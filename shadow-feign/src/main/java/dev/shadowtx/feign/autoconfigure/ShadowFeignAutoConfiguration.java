package dev.shadowtx.feign.autoconfigure;

import dev.shadowtx.core.ShadowDescriptor;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.outbound.MarkerPropagation;
import dev.shadowtx.core.outbound.OutboundDescriptor;
import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.feign.LoadBalancedFeignClients;
import dev.shadowtx.feign.ShadowFeignCapability;
import feign.Capability;
import feign.Client;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.openfeign.FeignClientFactoryBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Puts the shadow policy of {@code shadow.feign.clients.*} on every Feign client through a
 * {@link ShadowFeignCapability} bean, which Spring Cloud OpenFeign applies to each client,
 * {@code url=} clients and load-balanced ones alike.
 * <p>
 * The marker propagation is the starter's when it is present (same header, baggage key and
 * excluded hosts for every channel); otherwise this module reads the same properties itself.
 */
@AutoConfiguration(
        afterName = {
            "dev.shadowtx.autoconfigure.ShadowAutoConfiguration",
            "dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnClass({Capability.class, FeignClientFactoryBean.class})
@EnableConfigurationProperties(ShadowFeignProperties.class)
public final class ShadowFeignAutoConfiguration {

    /**
     * Name of the {@link OutboundPolicy} bean of the {@code feign} channel.
     */
    public static final String FEIGN_POLICY_BEAN_NAME = "shadowFeignOutboundPolicy";

    private static final String LOAD_BALANCER_CLASS =
            "org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory";

    @Bean
    @ConditionalOnMissingBean
    MarkerPropagation shadowMarkerPropagation(Environment environment) {
        return FeignOutboundConfigurer.propagation(Binder.get(environment));
    }

    @Bean(FEIGN_POLICY_BEAN_NAME)
    @ConditionalOnMissingBean(name = FEIGN_POLICY_BEAN_NAME)
    OutboundPolicy shadowFeignOutboundPolicy(
            ShadowFeignProperties properties, MarkerPropagation propagation, ObjectProvider<ShadowRecorder> recorder) {
        return new OutboundPolicy(
                "feign",
                FeignOutboundConfigurer.rules(properties),
                propagation,
                SingletonSupplier.of(() -> recorder.getIfAvailable(() -> ShadowRecorder.NOOP)));
    }

    @Bean
    @ConditionalOnMissingBean(name = "shadowFeignDescriptor")
    ShadowDescriptor shadowFeignDescriptor(ShadowFeignProperties properties, Environment environment) {
        List<String> excludeHosts = Binder.get(environment)
                .bind("shadow.propagation.exclude-hosts", Bindable.listOf(String.class))
                .orElse(List.of());
        return new OutboundDescriptor("feign", properties.getClients(), excludeHosts);
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowFeignCapability shadowFeignCapability(@Qualifier(FEIGN_POLICY_BEAN_NAME) OutboundPolicy policy) {
        return new ShadowFeignCapability(policy, directClient());
    }

    private static UnaryOperator<Client> directClient() {
        if (ClassUtils.isPresent(LOAD_BALANCER_CLASS, ShadowFeignAutoConfiguration.class.getClassLoader())) {
            return LoadBalancedFeignClients::direct;
        }
        return UnaryOperator.identity();
    }
}
