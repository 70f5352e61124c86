package dev.shadowtx.http.autoconfigure;

import dev.shadowtx.core.outbound.HostPattern;
import dev.shadowtx.core.outbound.HostRules;
import dev.shadowtx.core.outbound.InvalidOutboundRuleException;
import dev.shadowtx.core.outbound.OutboundRule;
import dev.shadowtx.core.outbound.OutboundRuleProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns the {@code shadow.http.*} properties into the per-host rules, failing with the name of the
 * offending property when the configuration is invalid.
 */
final class HostRulesFactory {

    private static final String DESTINATIONS = "shadow.http.destinations";

    private HostRulesFactory() {}

    static HostRules hostRules(ShadowHttpProperties properties) {
        Map<HostPattern, OutboundRule> rules = new LinkedHashMap<>();
        properties.getDestinations().forEach((host, rule) -> {
            HostPattern pattern;
            try {
                pattern = HostPattern.parse(host);
            } catch (IllegalArgumentException ex) {
                throw new InvalidConfigurationPropertyValueException(
                        DESTINATIONS + "[" + host + "]", host, ex.getMessage());
            }
            rules.put(pattern, toRule(DESTINATIONS, host, rule));
        });
        return new HostRules(rules);
    }

    /**
     * Check one rule, naming its property when it is invalid.
     * @param prefix the prefix of the rule map, for example {@code shadow.http.destinations}
     * @param key the map key
     * @param properties the bound rule
     * @return the rule
     */
    static OutboundRule toRule(String prefix, String key, OutboundRuleProperties properties) {
        try {
            return properties.toRule();
        } catch (InvalidOutboundRuleException ex) {
            throw new InvalidConfigurationPropertyValueException(
                    propertyName(prefix, key, ex.getField()), ex.getValue(), ex.getReason());
        }
    }

    static String propertyName(String prefix, String key, String field) {
        boolean simple = !key.isEmpty()
                && key.chars().allMatch((c) -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
        return (simple ? prefix + "." + key : prefix + "[" + key + "]") + "." + field;
    }
}
