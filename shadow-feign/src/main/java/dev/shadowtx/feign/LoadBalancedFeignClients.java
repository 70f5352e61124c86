package dev.shadowtx.feign;

import feign.Client;
import org.springframework.cloud.openfeign.loadbalancer.FeignBlockingLoadBalancerClient;
import org.springframework.cloud.openfeign.loadbalancer.RetryableFeignBlockingLoadBalancerClient;

/**
 * Finds the client behind Spring Cloud LoadBalancer's Feign clients. A rerouted call goes to a
 * test double by URL, which the load balancer would take for a service id and fail to resolve.
 * Loaded only when Spring Cloud LoadBalancer is on the classpath.
 */
public final class LoadBalancedFeignClients {

    private LoadBalancedFeignClients() {}

    /**
     * Return the client that calls absolute URLs directly.
     * @param client a configured client
     * @return the load balancer's delegate, or the client itself when it is not load-balanced
     */
    public static Client direct(Client client) {
        if (client instanceof FeignBlockingLoadBalancerClient loadBalanced) {
            return loadBalanced.getDelegate();
        }
        if (client instanceof RetryableFeignBlockingLoadBalancerClient loadBalanced) {
            return loadBalanced.getDelegate();
        }
        return client;
    }
}
