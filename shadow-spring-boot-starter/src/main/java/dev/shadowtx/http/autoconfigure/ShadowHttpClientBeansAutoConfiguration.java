package dev.shadowtx.http.autoconfigure;

import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.http.clients.ShadowCalls;
import dev.shadowtx.http.clients.ShadowHttpClientPostProcessor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

/**
 * The shadow policy of {@code shadow.http.destinations.*} on HTTP client beans that are not
 * Spring's: JDK {@code HttpClient}, OkHttp, Apache HttpClient 5 (classic and async), Jetty and
 * Reactor Netty clients declared as beans (the way many vendor SDKs are wired) propagate, reroute
 * or block their shadow calls like a {@code RestClient} built from Boot's builder; the components
 * are in {@code dev.shadowtx.http.clients}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
public final class ShadowHttpClientBeansAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static ShadowHttpClientPostProcessor shadowHttpClientPostProcessor(BeanFactory beanFactory) {
        return new ShadowHttpClientPostProcessor(new ShadowCalls(SingletonSupplier.of(() ->
                beanFactory.getBean(ShadowHttpClientAutoConfiguration.HTTP_POLICY_BEAN_NAME, OutboundPolicy.class))));
    }
}
