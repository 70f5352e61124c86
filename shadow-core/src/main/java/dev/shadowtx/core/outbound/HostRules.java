package dev.shadowtx.core.outbound;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rules looked up by the host of the call's URL. When several patterns match, the most specific
 * wins: {@code host:port}, then {@code host}, then the longest {@code *.domain}.
 */
public final class HostRules implements OutboundRuleLookup {

    private final Map<HostPattern, OutboundRule> rules;

    /**
     * Create the lookup.
     * @param rules rules by host pattern
     */
    public HostRules(Map<HostPattern, OutboundRule> rules) {
        this.rules = new LinkedHashMap<>(rules);
    }

    @Override
    public OutboundRule ruleFor(OutboundCall call) {
        OutboundRule best = OutboundRule.DEFAULT;
        int bestSpecificity = -1;
        for (Map.Entry<HostPattern, OutboundRule> entry : this.rules.entrySet()) {
            HostPattern pattern = entry.getKey();
            if (pattern.specificity() > bestSpecificity && pattern.matches(call.uri())) {
                best = entry.getValue();
                bestSpecificity = pattern.specificity();
            }
        }
        return best;
    }
}
