package dev.shadowtx.http;

import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.http.HandBuiltRedirects.Checked;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.InterceptingClientHttpRequestFactory;
import org.springframework.http.client.support.HttpRequestWrapper;
import org.springframework.util.ClassUtils;
import org.springframework.util.ConcurrentReferenceHashMap;
import org.springframework.util.ReflectionUtils;

/**
 * The request factory a shadow call of a {@code RestClient} or {@code RestTemplate} is about to be
 * sent with, as the client holds it when the call is made: whatever factory a builder was given
 * after it was made ({@code requestFactory(..)} on a builder bean, on Boot's builders, on a
 * {@code clone()} or a {@code mutate()}, a {@code RestTemplateBuilder}'s factory, the factory
 * {@code RestClient.create(restTemplate)} takes over) is checked by the shadow interceptor when a
 * shadow call goes through it, as a client bean's factory is checked when the bean is created
 * ({@link HandBuiltRedirects}). A factory that follows redirects by itself gets the shadow call
 * through its no-follow twin, the interceptors after the shadow one included, each redirect
 * decided; a factory not known, or one that cannot be seen, has the call refused. The verdict is
 * kept per factory (softly held), so a factory's twin is made once.
 * <p>
 * The factory is read from Spring's {@code InterceptingClientHttpRequest}, which every client
 * with interceptors sends its calls through: the request the interceptor is given, or the one it
 * wraps.
 */
final class FactoryBelow {

    private static final String INTERCEPTING_REQUEST = "org.springframework.http.client.InterceptingClientHttpRequest";

    private static final @Nullable Field FACTORY = field("requestFactory");

    private static final @Nullable Field INTERCEPTORS = field("interceptors");

    private static final Map<ClientHttpRequestFactory, Checked<ClientHttpRequestFactory>> CHECKED =
            new ConcurrentReferenceHashMap<>();

    private static final FactoryBelow NOT_SEEN =
            new FactoryBelow(Checked.refuse("its request factory, which cannot be seen,"), null, List.of(), 0);

    private final Checked<ClientHttpRequestFactory> checked;

    private final @Nullable ClientHttpRequestFactory factory;

    private final List<?> interceptors;

    private final int at;

    private FactoryBelow(
            Checked<ClientHttpRequestFactory> checked,
            @Nullable ClientHttpRequestFactory factory,
            List<?> interceptors,
            int at) {
        this.checked = checked;
        this.factory = factory;
        this.interceptors = interceptors;
        this.at = at;
    }

    /**
     * Find the factory below an interceptor that a shadow call goes through.
     * @param request the request the interceptor was given
     * @param interceptor the interceptor
     * @param policy the policy of the {@code http} channel
     * @return the factory's verdict
     */
    static FactoryBelow of(
            HttpRequest request, ClientHttpRequestInterceptor interceptor, Supplier<OutboundPolicy> policy) {
        HttpRequest seen = request;
        while (seen instanceof HttpRequestWrapper wrapper) {
            seen = wrapper.getRequest();
        }
        if (FACTORY == null
                || INTERCEPTORS == null
                || !seen.getClass().getName().equals(INTERCEPTING_REQUEST)
                || !(ReflectionUtils.getField(FACTORY, seen) instanceof ClientHttpRequestFactory factory)
                || !(ReflectionUtils.getField(INTERCEPTORS, seen) instanceof List<?> interceptors)) {
            return NOT_SEEN;
        }
        int at = indexOf(interceptors, interceptor);
        if (at < 0) {
            return NOT_SEEN;
        }
        Checked<ClientHttpRequestFactory> checked =
                CHECKED.computeIfAbsent(factory, (key) -> HandBuiltRedirects.check(key, policy));
        return new FactoryBelow(checked, factory, interceptors, at);
    }

    /**
     * Return why the shadow call may not be sent with this factory.
     * @return the reason, or {@code null} when it may
     */
    @Nullable
    String refusal() {
        return this.checked.refusal();
    }

    /**
     * Send a decided shadow call: through the client's own chain when its factory is fine as it
     * is, otherwise through the interceptors after the shadow one and the factory's no-follow twin.
     * @param decided the decided request
     * @param body its body
     * @param execution the rest of the client's chain
     * @return the response
     * @throws IOException when the call fails
     */
    ClientHttpResponse execute(HttpRequest decided, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        ClientHttpRequestFactory use = this.checked.use();
        if (use == this.factory) {
            return execution.execute(decided, body);
        }
        @SuppressWarnings("unchecked")
        List<ClientHttpRequestInterceptor> after = List.copyOf(
                (List<ClientHttpRequestInterceptor>) this.interceptors.subList(this.at + 1, this.interceptors.size()));
        ClientHttpRequestFactory sending = after.isEmpty() ? use : new InterceptingClientHttpRequestFactory(use, after);
        ClientHttpRequest request = sending.createRequest(decided.getURI(), decided.getMethod());
        request.getHeaders().putAll(decided.getHeaders());
        request.getAttributes().putAll(decided.getAttributes());
        if (body.length > 0) {
            request.getBody().write(body);
        }
        return request.execute();
    }

    private static int indexOf(List<?> interceptors, ClientHttpRequestInterceptor interceptor) {
        for (int i = 0; i < interceptors.size(); i++) {
            if (interceptors.get(i) == interceptor) {
                return i;
            }
        }
        return -1;
    }

    private static @Nullable Field field(String name) {
        ClassLoader classLoader = FactoryBelow.class.getClassLoader();
        if (!ClassUtils.isPresent(INTERCEPTING_REQUEST, classLoader)) {
            return null;
        }
        Field field = ReflectionUtils.findField(ClassUtils.resolveClassName(INTERCEPTING_REQUEST, classLoader), name);
        return (field != null && field.trySetAccessible()) ? field : null;
    }
}
