package dev.shadowtx.feign.autoconfigure;

import dev.shadowtx.core.outbound.HostPattern;
import dev.shadowtx.core.outbound.InvalidOutboundRuleException;
import dev.shadowtx.core.outbound.MarkerPropagation;
import dev.shadowtx.core.outbound.OutboundRule;
import dev.shadowtx.core.outbound.OutboundRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns the {@code shadow.feign.*} properties into rules, and, when the starter does not provide
 * the marker propagation, reads the properties it is made of ({@code shadow.detection.header},
 * {@code shadow.detection.baggage-key}, {@code shadow.propagation.exclude-hosts}) itself. Invalid
 * values fail with the name of their property.
 */
final class FeignOutboundConfigurer {

    private static final String CLIENTS = "shadow.feign.clients";

    private FeignOutboundConfigurer() {}

    static OutboundRules rules(ShadowFeignProperties properties) {
        Map<String, OutboundRule> rules = new LinkedHashMap<>();
        properties.getClients().forEach((name, rule) -> {
            try {
                rules.put(name, rule.toRule());
            } catch (InvalidOutboundRuleException ex) {
                throw new InvalidConfigurationPropertyValueException(
                        propertyName(name, ex.getField()), ex.getValue(), ex.getReason());
            }
        });
        return OutboundRules.byName(rules);
    }

    static MarkerPropagation propagation(Binder binder) {
        String header = binder.bind("shadow.detection.header", String.class).orElse(MarkerPropagation.DEFAULT_HEADER);
        String baggageKey =
                binder.bind("shadow.detection.baggage-key", String.class).orElse(MarkerPropagation.DEFAULT_BAGGAGE_KEY);
        List<String> hosts = binder.bind("shadow.propagation.exclude-hosts", Bindable.listOf(String.class))
                .orElse(List.of());
        List<HostPattern> excluded;
        try {
            excluded = HostPattern.parseAll(hosts);
        } catch (HostPattern.InvalidHostPatternException ex) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.propagation.exclude-hosts[" + ex.getIndex() + "]", ex.getValue(), ex.getMessage());
        }
        try {
            new MarkerPropagation(header, "", List.of());
        } catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException("shadow.detection.header", header, ex.getMessage());
        }
        try {
            return new MarkerPropagation(header, baggageKey, excluded);
        } catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.detection.baggage-key", baggageKey, ex.getMessage());
        }
    }

    static String propertyName(String name, String field) {
        boolean simple = !name.isEmpty()
                && name.chars().allMatch((c) -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
        return (simple ? CLIENTS + "." + name : CLIENTS + "[" + name + "]") + "." + field;
    }
}
