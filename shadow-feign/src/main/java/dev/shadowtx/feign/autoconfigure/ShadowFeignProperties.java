package dev.shadowtx.feign.autoconfigure;

import dev.shadowtx.core.outbound.OutboundRuleProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Shadow policy of Feign clients, per client name.
 */
@ConfigurationProperties("shadow.feign")
public class ShadowFeignProperties {

    /**
     * Rules per Feign client, keyed by the client name (the name or value of @FeignClient). A
     * client with no rule gets the method-based default: GET, HEAD and OPTIONS propagate, every
     * other method is blocked.
     */
    private final Map<String, OutboundRuleProperties> clients = new LinkedHashMap<>();

    public Map<String, OutboundRuleProperties> getClients() {
        return this.clients;
    }
}
