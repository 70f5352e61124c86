package dev.shadowtx.http.autoconfigure;

import dev.shadowtx.core.outbound.OutboundRuleProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Shadow policy of Boot's HTTP clients ({@code RestClient}, {@code RestTemplate},
 * {@code WebClient}), per destination host.
 */
@ConfigurationProperties("shadow.http")
public class ShadowHttpProperties {

    /**
     * Rules per destination, keyed by host, host:port or *.domain (use the bracket notation for
     * keys with dots or colons, for example shadow.http.destinations[payments.internal:8080].action).
     * A destination with no rule gets the method-based default: GET, HEAD and OPTIONS propagate,
     * every other method is blocked.
     */
    private final Map<String, OutboundRuleProperties> destinations = new LinkedHashMap<>();

    /**
     * Whether RestClient, RestTemplate and WebClient beans (and RestClient.Builder and
     * WebClient.Builder beans) built without Boot's builders get the shadow policy too; when
     * false, the leak audit lists them uncovered.
     */
    private boolean handBuiltClients = true;

    public Map<String, OutboundRuleProperties> getDestinations() {
        return this.destinations;
    }

    public boolean isHandBuiltClients() {
        return this.handBuiltClients;
    }

    public void setHandBuiltClients(boolean handBuiltClients) {
        this.handBuiltClients = handBuiltClients;
    }
}
