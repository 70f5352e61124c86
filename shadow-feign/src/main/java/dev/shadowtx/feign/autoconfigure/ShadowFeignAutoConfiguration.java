package dev.shadowtx.feign.autoconfigure;

import dev.shadowtx.core.ShadowDescriptor;
import dev.shadowtx.core.marker.MarkerNames;
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
import org.springframework.cloud.openfeign.FeignClientFactoryBean;
import org.springframework.cloud.openfeign.FeignClientSpecification;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Puts the shadow policy of {@code shadow.feign.clients.*} on every Feign client through a
 * {@link ShadowFeignCapability} bean, which Spring Cloud OpenFeign applies to each client,
 * {@code url=} clients and load-balanced ones alike.
 * <p>
 * The marker propagation is the starter's (same header, baggage key and excluded hosts for every
 * channel); without it, the default header and baggage key with no excluded host, unless
 * {@code shadow.detection.*} or {@code shadow.propagation.*} is set
 * ({@link MarkerNames#withoutStarter}).
 */
@AutoConfiguration(
        afterName = "dev.shadowtx.autoconfigure.ShadowAutoConfiguration",
        beforeName = "dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration")
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

    @Bean(FEIGN_POLICY_BEAN_NAME)
    @ConditionalOnMissingBean(name = FEIGN_POLICY_BEAN_NAME)
    OutboundPolicy shadowFeignOutboundPolicy(
            ShadowFeignProperties properties,
            ObjectProvider<MarkerPropagation> propagation,
            Environment environment,
            ObjectProvider<ShadowRecorder> recorder) {
        return new OutboundPolicy(
                "feign",
                FeignClientRulesFactory.rules(properties),
                sharedPropagation(propagation, environment),
                ShadowRecorder.lazy(recorder));
    }

    @Bean
    @ConditionalOnMissingBean(name = "shadowFeignDescriptor")
    ShadowDescriptor shadowFeignDescriptor(
            ShadowFeignProperties properties, ObjectProvider<MarkerPropagation> propagation, Environment environment) {
        List<String> excludeHosts = sharedPropagation(propagation, environment).getExcludedHosts().stream()
                .map(Object::toString)
                .toList();
        return new OutboundDescriptor("feign", properties.getClients(), excludeHosts);
    }

    /**
     * Return the starter's marker propagation, the one every outbound channel shares, or the
     * defaults' when there is none.
     */
    private static MarkerPropagation sharedPropagation(
            ObjectProvider<MarkerPropagation> propagation, Environment environment) {
        return propagation.getIfAvailable(
                () -> new MarkerPropagation(MarkerNames.withoutStarter(environment::containsProperty), List.of()));
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowFeignCapability shadowFeignCapability(@Qualifier(FEIGN_POLICY_BEAN_NAME) OutboundPolicy policy) {
        return new ShadowFeignCapability(policy, directClient());
    }

    /**
     * Makes the capability a bean of every client's own context too, under the same name, so that
     * a client declared with {@code inheritParentContext = false}, which sees no bean of the
     * application's context, gets it as well; a client that inherits sees the one capability
     * once.
     * @return the default configuration of every Feign client
     */
    @Bean
    @ConditionalOnMissingBean(name = "shadowFeignClientSpecification")
    static FeignClientSpecification shadowFeignClientSpecification() {
        return new FeignClientSpecification(
                "default." + ShadowFeignAutoConfiguration.class.getName(),
                ShadowFeignAutoConfiguration.class.getName(),
                new Class<?>[] {ClientContextCapability.class});
    }

    private static UnaryOperator<Client> directClient() {
        if (ClassUtils.isPresent(LOAD_BALANCER_CLASS, ShadowFeignAutoConfiguration.class.getClassLoader())) {
            return LoadBalancedFeignClients::direct;
        }
        return UnaryOperator.identity();
    }
}
