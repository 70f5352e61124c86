package dev.shadowtx.feign.autoconfigure;

import dev.shadowtx.core.outbound.InvalidOutboundRuleException;
import dev.shadowtx.core.outbound.OutboundRule;
import dev.shadowtx.core.outbound.OutboundRuleLookup;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns the {@code shadow.feign.*} properties into rules; invalid values fail with the name of
 * their property.
 */
final class FeignClientRulesFactory {

    private static final String CLIENTS = "shadow.feign.clients";

    private FeignClientRulesFactory() {}

    static OutboundRuleLookup rules(ShadowFeignProperties properties) {
        Map<String, OutboundRule> rules = new LinkedHashMap<>();
        properties.getClients().forEach((name, rule) -> {
            try {
                rules.put(name, rule.toRule());
            } catch (InvalidOutboundRuleException ex) {
                throw new InvalidConfigurationPropertyValueException(
                        propertyName(name, ex.getField()), ex.getValue(), ex.getReason());
            }
        });
        return OutboundRuleLookup.byName(rules);
    }

    static String propertyName(String name, String field) {
        boolean simple = !name.isEmpty()
                && name.chars().allMatch((c) -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
        return (simple ? CLIENTS + "." + name : CLIENTS + "[" + name + "]") + "." + field;
    }
}
