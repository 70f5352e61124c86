package dev.shadowtx.core.outbound;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the rule that applies to a call. Boot's HTTP clients look rules up by host
 * ({@link HostRules}), Feign by client name ({@link #byName}).
 */
@FunctionalInterface
public interface OutboundRuleLookup {

    /**
     * No rule for anything: every call gets the method-based default.
     */
    OutboundRuleLookup NONE = (call) -> OutboundRule.DEFAULT;

    /**
     * Return the rule for a call.
     * @param call the call
     * @return its rule, {@link OutboundRule#DEFAULT} when none is configured
     */
    OutboundRule ruleFor(OutboundCall call);

    /**
     * Look rules up by {@link OutboundCall#name()}, ignoring case.
     * @param rules rules by client name
     * @return the lookup
     */
    static OutboundRuleLookup byName(Map<String, OutboundRule> rules) {
        Map<String, OutboundRule> byName = new HashMap<>();
        rules.forEach((name, rule) -> byName.put(name.toLowerCase(Locale.ROOT), rule));
        return (call) -> {
            String name = call.name();
            return (name != null)
                    ? byName.getOrDefault(name.toLowerCase(Locale.ROOT), OutboundRule.DEFAULT)
                    : OutboundRule.DEFAULT;
        };
    }
}
