package dev.shadowtx.core.outbound;

import dev.shadowtx.core.ShadowDescriptor;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Describes the outbound rules of one channel (HTTP destinations, Feign clients) for the startup
 * summary and the actuator endpoint: action and target per destination, never stub bodies or
 * credentials in URLs.
 */
public final class OutboundDescriptor implements ShadowDescriptor {

    private final String section;

    private final Map<String, OutboundRuleProperties> rules;

    private final List<String> excludeHosts;

    /**
     * Create a descriptor.
     * @param section the channel, for example {@code http} or {@code feign}
     * @param rules the configured rules, by destination
     * @param excludeHosts hosts that never receive the marker
     */
    public OutboundDescriptor(String section, Map<String, OutboundRuleProperties> rules, List<String> excludeHosts) {
        this.section = section;
        this.rules = rules;
        this.excludeHosts = excludeHosts;
    }

    @Override
    public String section() {
        return this.section;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("default", "GET/HEAD/OPTIONS propagate, other methods blocked");
        Map<String, String> destinations = new LinkedHashMap<>();
        this.rules.forEach((destination, rule) -> destinations.put(destination, describe(rule)));
        settings.put("destinations", destinations);
        settings.put("exclude-hosts", List.copyOf(this.excludeHosts));
        return settings;
    }

    private static String describe(OutboundRuleProperties rule) {
        String action =
                (rule.getAction() != null) ? rule.getAction().toUpperCase(java.util.Locale.ROOT) : "method-based";
        String url = withoutCredentials(rule.getUrl());
        String stub =
                (rule.getStub().getStatus() != null) ? " stub " + rule.getStub().getStatus() : "";
        return action + ((url != null) ? " -> " + url : "") + stub;
    }

    private static @Nullable String withoutCredentials(@Nullable String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException ex) {
            return "<invalid url>";
        }
    }
}
