package dev.shadowtx.http.autoconfigure;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowPropagationProperties;
import dev.shadowtx.core.ShadowDescriptor;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.outbound.MarkerPropagation;
import dev.shadowtx.core.outbound.OutboundDescriptor;
import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.http.ShadowClientHttpRequestInterceptor;
import dev.shadowtx.http.ShadowExchangeFilterFunction;
import dev.shadowtx.http.ShadowHandBuiltClientsPostProcessor;
import dev.shadowtx.http.ShadowRedirectsPostProcessor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Outbound HTTP in shadow: the policy of the {@code http} channel ({@code shadow.http.destinations.*}), and their application to
 * every {@code RestClient}, {@code RestTemplate} and {@code WebClient} built from Boot's builders
 * (and so to Boot's HTTP interface clients) and to those declared as beans but built by hand
 * ({@code shadow.http.hand-built-clients}). Each client technology is optional.
 */
@AutoConfiguration(after = ShadowAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShadowHttpProperties.class)
public final class ShadowHttpClientAutoConfiguration {

    /**
     * Name of the {@link OutboundPolicy} bean of the {@code http} channel.
     */
    public static final String HTTP_POLICY_BEAN_NAME = "shadowHttpOutboundPolicy";

    @Bean(HTTP_POLICY_BEAN_NAME)
    @ConditionalOnMissingBean(name = HTTP_POLICY_BEAN_NAME)
    OutboundPolicy shadowHttpOutboundPolicy(
            ShadowHttpProperties properties, MarkerPropagation propagation, ObjectProvider<ShadowRecorder> recorder) {
        return new OutboundPolicy(
                "http", HostRulesFactory.hostRules(properties), propagation, ShadowRecorder.lazy(recorder));
    }

    @Bean
    @ConditionalOnMissingBean(name = "shadowHttpDescriptor")
    ShadowDescriptor shadowHttpDescriptor(ShadowHttpProperties properties, ShadowPropagationProperties propagation) {
        return new OutboundDescriptor("http", properties.getDestinations(), propagation.getExcludeHosts());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ClientHttpRequestFactoryBuilder.class)
    static class RedirectsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        static ShadowRedirectsPostProcessor shadowRedirectsPostProcessor(
                @Qualifier(HTTP_POLICY_BEAN_NAME) ObjectProvider<OutboundPolicy> policy) {
            return new ShadowRedirectsPostProcessor(policy::getObject);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ClientHttpRequestInterceptor.class)
    static class InterceptorConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ShadowClientHttpRequestInterceptor shadowClientHttpRequestInterceptor(
                @Qualifier(HTTP_POLICY_BEAN_NAME) OutboundPolicy policy) {
            return new ShadowClientHttpRequestInterceptor(policy);
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBooleanProperty(name = "shadow.http.hand-built-clients", matchIfMissing = true)
        static ShadowHandBuiltClientsPostProcessor shadowHandBuiltClientsPostProcessor(BeanFactory beanFactory) {
            return new ShadowHandBuiltClientsPostProcessor(beanFactory);
        }

        /**
         * Both customizers come with Boot's {@code spring-boot-restclient} module, which brings
         * both clients with {@code spring-web}: one configuration class, and one class condition,
         * serve the two. A class condition loads the classes it finds, so it names the
         * customizer alone: an application without that module loads neither client class for it.
         */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(RestClientCustomizer.class)
        static class RestClientsConfiguration {

            @Bean
            @ConditionalOnMissingBean(name = "shadowRestClientCustomizer")
            RestClientCustomizer shadowRestClientCustomizer(ShadowClientHttpRequestInterceptor interceptor) {
                return interceptor::applyTo;
            }

            @Bean
            @ConditionalOnMissingBean(name = "shadowRestTemplateCustomizer")
            RestTemplateCustomizer shadowRestTemplateCustomizer(ShadowClientHttpRequestInterceptor interceptor) {
                return interceptor::applyTo;
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebClient.class)
    static class ExchangeFilterConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ShadowExchangeFilterFunction shadowExchangeFilterFunction(
                @Qualifier(HTTP_POLICY_BEAN_NAME) OutboundPolicy policy) {
            return new ShadowExchangeFilterFunction(policy);
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(WebClientCustomizer.class)
        static class WebClientConfiguration {

            @Bean
            @ConditionalOnMissingBean(name = "shadowWebClientCustomizer")
            WebClientCustomizer shadowWebClientCustomizer(ShadowExchangeFilterFunction filter) {
                return filter::applyTo;
            }
        }
    }
}
