package dev.shadowtx.audit;

import dev.shadowtx.http.ShadowClientHttpRequestInterceptor;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Tells whether a {@code RestClient}, {@code RestTemplate} or one of their builders carries the
 * {@link ShadowClientHttpRequestInterceptor}. Loaded only when spring-web is present.
 */
final class HttpClientInspection {

    private static final String REST_TEMPLATE_BUILDER = "org.springframework.boot.restclient.RestTemplateBuilder";

    private HttpClientInspection() {}

    /**
     * Whether the bean is one of the blocking HTTP clients or builders this class inspects.
     * @param bean the bean
     * @return {@code true} for a RestClient, RestTemplate or one of their builders
     */
    static boolean handles(Object bean) {
        return bean instanceof RestClient
                || bean instanceof RestClient.Builder
                || bean instanceof RestTemplate
                || isRestTemplateBuilder(bean);
    }

    /**
     * Whether the bean is a client (not a builder), which can be watched when it is uncovered.
     * @param bean the bean
     * @return {@code true} for a RestClient or a RestTemplate
     */
    static boolean isClient(Object bean) {
        return bean instanceof RestClient || bean instanceof RestTemplate;
    }

    /**
     * Whether the client or builder carries the shadow interceptor.
     * @param bean a RestClient, RestTemplate or one of their builders
     * @return {@code true} when its interceptors include the shadow one
     */
    static boolean isGuarded(Object bean) {
        if (bean instanceof RestTemplate restTemplate) {
            return ShadowClientHttpRequestInterceptor.isAppliedTo(restTemplate);
        }
        if (bean instanceof RestClient restClient) {
            return ShadowClientHttpRequestInterceptor.isAppliedTo(restClient.mutate());
        }
        if (bean instanceof RestClient.Builder builder) {
            return ShadowClientHttpRequestInterceptor.isAppliedTo(builder);
        }
        if (isRestTemplateBuilder(bean)) {
            Method build = ReflectionUtils.findMethod(bean.getClass(), "build");
            @Nullable Object built = (build != null) ? ReflectionUtils.invokeMethod(build, bean) : null;
            return built instanceof RestTemplate restTemplate
                    && ShadowClientHttpRequestInterceptor.isAppliedTo(restTemplate);
        }
        return false;
    }

    /**
     * Return why the shadow interceptor of a client refuses its shadow calls.
     * @param bean a RestClient, RestTemplate or RestClient builder
     * @return the reason, or {@code null} when its shadow calls are decided as usual
     */
    static @Nullable String refusal(Object bean) {
        ShadowClientHttpRequestInterceptor[] found = {null};
        if (bean instanceof RestTemplate restTemplate) {
            found[0] = ShadowClientHttpRequestInterceptor.findIn(restTemplate.getInterceptors());
        } else if (bean instanceof RestClient restClient) {
            restClient
                    .mutate()
                    .requestInterceptors((list) -> found[0] = ShadowClientHttpRequestInterceptor.findIn(list));
        } else if (bean instanceof RestClient.Builder builder) {
            builder.requestInterceptors((list) -> found[0] = ShadowClientHttpRequestInterceptor.findIn(list));
        }
        return (found[0] != null) ? found[0].getRefusal() : null;
    }

    private static boolean isRestTemplateBuilder(Object bean) {
        return ClassUtils.isPresent(REST_TEMPLATE_BUILDER, bean.getClass().getClassLoader())
                && ClassUtils.resolveClassName(
                                REST_TEMPLATE_BUILDER, bean.getClass().getClassLoader())
                        .isInstance(bean);
    }
}
