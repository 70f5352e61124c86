package dev.shadowtx.http;

import dev.shadowtx.http.HandBuiltRedirects.Checked;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.InterceptingClientHttpRequestFactory;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Puts the shadow policy on the {@code RestTemplate}, {@code RestClient} and {@code WebClient}
 * beans (and {@code RestClient.Builder} and {@code WebClient.Builder} beans) an application built
 * by hand ({@code new RestTemplate()}, {@code RestClient.create()}, {@code WebClient.create()},
 * {@code RestClient.builder()}): a {@code RestTemplate} or a builder gets the interceptor or filter
 * in place, an immutable {@code RestClient} or {@code WebClient} is replaced by its
 * {@code mutate()}d copy with it. A client that carries it already (every client built from
 * Boot's builders) is left as it is, so no call is decided twice.
 * <p>
 * The client's request factory or connector is checked too ({@link HandBuiltRedirects},
 * {@link HandBuiltConnectors}): one whose client library follows redirects by itself is wrapped so
 * that each redirect of a shadow call is decided before it is followed; one of a kind the library
 * does not know gets a refusing interceptor or filter, so that no shadow call reaches it.
 */
public final class ShadowHandBuiltClientsPostProcessor implements BeanPostProcessor, Ordered {

    private static final boolean WEBFLUX_PRESENT = ClassUtils.isPresent(
            "org.springframework.web.reactive.function.client.WebClient",
            ShadowHandBuiltClientsPostProcessor.class.getClassLoader());

    private final BeanFactory beanFactory;

    /**
     * Create the post-processor.
     * @param beanFactory where the {@link ShadowClientHttpRequestInterceptor} and the
     * {@link ShadowExchangeFilterFunction} are looked up when a client needs them
     */
    public ShadowHandBuiltClientsPostProcessor(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RestTemplate restTemplate) {
            return blocking(restTemplate);
        }
        if (bean instanceof RestClient restClient) {
            return blocking(restClient);
        }
        if (bean instanceof RestClient.Builder builder) {
            return blocking(builder);
        }
        if (WEBFLUX_PRESENT && HandBuiltWebClients.handles(bean)) {
            return HandBuiltWebClients.guard(bean, this.beanFactory);
        }
        return bean;
    }

    private Object blocking(RestTemplate restTemplate) {
        ShadowClientHttpRequestInterceptor shadow = interceptor();
        if (shadow == null) {
            return restTemplate;
        }
        ClientHttpRequestFactory factory = restTemplate.getRequestFactory();
        if (!restTemplate.getInterceptors().isEmpty()
                && factory instanceof InterceptingClientHttpRequestFactory intercepting) {
            // the template's own wrapper over the factory it was given
            factory = intercepting.getDelegate();
        }
        Checked<ClientHttpRequestFactory> checked = HandBuiltRedirects.check(factory, shadow::getPolicy);
        String refusal = checked.refusal();
        if (refusal != null) {
            List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(restTemplate.getInterceptors());
            shadow.refusing(refusal).replaceIn(interceptors);
            restTemplate.setInterceptors(interceptors);
            return restTemplate;
        }
        if (checked.use() != factory) {
            restTemplate.setRequestFactory(checked.use());
        }
        if (!ShadowClientHttpRequestInterceptor.isAppliedTo(restTemplate)) {
            shadow.applyTo(restTemplate);
        }
        return restTemplate;
    }

    private Object blocking(RestClient restClient) {
        ShadowClientHttpRequestInterceptor shadow = interceptor();
        if (shadow == null) {
            return restClient;
        }
        RestClient.Builder builder = restClient.mutate();
        Object factory = HiddenFields.read(restClient, "clientRequestFactory");
        Checked<ClientHttpRequestFactory> checked = (factory instanceof ClientHttpRequestFactory known)
                ? HandBuiltRedirects.check(known, shadow::getPolicy)
                : Checked.refuse("its request factory, which cannot be seen,");
        String refusal = checked.refusal();
        if (refusal != null) {
            ShadowClientHttpRequestInterceptor refusing = shadow.refusing(refusal);
            return builder.requestInterceptors(refusing::replaceIn).build();
        }
        boolean applied = ShadowClientHttpRequestInterceptor.isAppliedTo(builder);
        if (applied && checked.use() == factory) {
            return restClient;
        }
        builder.requestFactory(checked.use());
        return applied ? builder.build() : shadow.applyTo(builder).build();
    }

    private Object blocking(RestClient.Builder builder) {
        ShadowClientHttpRequestInterceptor shadow = interceptor();
        if (shadow == null) {
            return builder;
        }
        Object factory = HiddenFields.read(builder, "requestFactory");
        if (factory == null) {
            // the factory Spring picks when the application sets none
            factory = HiddenFields.read(builder.clone().build(), "clientRequestFactory");
        }
        Checked<ClientHttpRequestFactory> checked = (factory instanceof ClientHttpRequestFactory known)
                ? HandBuiltRedirects.check(known, shadow::getPolicy)
                : Checked.refuse("its request factory, which cannot be seen,");
        String refusal = checked.refusal();
        if (refusal != null) {
            return builder.requestInterceptors(shadow.refusing(refusal)::replaceIn);
        }
        if (checked.use() != factory) {
            builder.requestFactory(checked.use());
        }
        if (!ShadowClientHttpRequestInterceptor.isAppliedTo(builder)) {
            shadow.applyTo(builder);
        }
        return builder;
    }

    private @Nullable ShadowClientHttpRequestInterceptor interceptor() {
        return this.beanFactory
                .getBeanProvider(ShadowClientHttpRequestInterceptor.class)
                .getIfAvailable();
    }

    /**
     * Before the leak audit's monitor, which then sees the guarded client.
     * @return an order just before the lowest precedence
     */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 100;
    }
}
