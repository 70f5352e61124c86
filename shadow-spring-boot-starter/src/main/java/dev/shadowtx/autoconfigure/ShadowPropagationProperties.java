package dev.shadowtx.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the shadow marker travels on outbound calls.
 */
@ConfigurationProperties("shadow.propagation")
public class ShadowPropagationProperties {

    /**
     * Hosts that never receive the shadow marker, such as third-party APIs: host, host:port,
     * [IPv6] or *.domain. Calls to them are still subject to the shadow policy.
     */
    private List<String> excludeHosts = new ArrayList<>();

    public List<String> getExcludeHosts() {
        return this.excludeHosts;
    }

    public void setExcludeHosts(List<String> excludeHosts) {
        this.excludeHosts = excludeHosts;
    }
}
