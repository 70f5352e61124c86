package dev.shadowtx.feign;

import dev.shadowtx.core.outbound.OutboundPolicy;
import feign.AsyncClient;
import feign.Capability;
import feign.Client;
import java.util.function.UnaryOperator;
import org.springframework.core.Ordered;

/**
 * Puts the shadow policy on every Feign client: Spring Cloud OpenFeign applies each
 * {@link Capability} bean to each client, so registering this one as a bean is enough (a client
 * with {@code inheritParentContext = false} gets it through a default client configuration). For a
 * client built by hand, add it with {@code Feign.builder().addCapability(capability)}, or
 * {@code AsyncFeign.builder().addCapability(capability)} for an asynchronous one.
 * <p>
 * Its order, {@link #ORDER}, makes it the first capability applied and so the innermost
 * decorator of the {@link Client}: observation or retry capabilities wrap it, and it decides
 * last, after every request interceptor and after tracing has written its own baggage.
 */
public class ShadowFeignCapability implements Capability, Ordered {

    /**
     * Order of this capability among the others: applied first, innermost.
     */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final OutboundPolicy policy;

    private final UnaryOperator<Client> directClient;

    /**
     * Create a capability for clients that are not load-balanced.
     * @param policy the policy of the {@code feign} channel
     */
    public ShadowFeignCapability(OutboundPolicy policy) {
        this(policy, UnaryOperator.identity());
    }

    /**
     * Create a capability.
     * @param policy the policy of the {@code feign} channel
     * @param directClient returns, for a configured client, the client that calls absolute URLs
     * directly (for a load-balanced client, the client it delegates to); used for rerouted calls
     */
    public ShadowFeignCapability(OutboundPolicy policy, UnaryOperator<Client> directClient) {
        this.policy = policy;
        this.directClient = directClient;
    }

    @Override
    public Client enrich(Client client) {
        if (client instanceof ShadowFeignClient) {
            return client;
        }
        return new ShadowFeignClient(client, this.directClient.apply(client), this.policy);
    }

    /**
     * Put the policy on the client of an {@code AsyncFeign} client: shadow calls are decided and
     * made on the calling thread (see {@link ShadowAsyncFeignClient}), live ones are left to it.
     * @param client the asynchronous client
     * @return the client with the policy
     */
    @Override
    public AsyncClient<Object> enrich(AsyncClient<Object> client) {
        if (client instanceof ShadowAsyncFeignClient) {
            return client;
        }
        return new ShadowAsyncFeignClient(client, this.policy);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /**
     * Return the policy this capability applies.
     * @return the policy
     */
    public OutboundPolicy getPolicy() {
        return this.policy;
    }
}
