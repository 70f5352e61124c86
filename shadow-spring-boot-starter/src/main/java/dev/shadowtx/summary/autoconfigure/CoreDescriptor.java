package dev.shadowtx.summary.autoconfigure;

import dev.shadowtx.autoconfigure.ShadowProperties;
import dev.shadowtx.core.ShadowDescriptor;
import dev.shadowtx.jdbc.autoconfigure.ShadowJdbcProperties;
import dev.shadowtx.r2dbc.autoconfigure.ShadowR2dbcProperties;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionProperties;
import dev.shadowtx.web.autoconfigure.ShadowProtectionProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * Describes detection, trust, the guards and protection; the secret is never shown. It comes first
 * in the startup summary and the actuator endpoint.
 */
final class CoreDescriptor implements ShadowDescriptor, Ordered {

    private final ShadowProperties properties;

    private final ShadowTransactionProperties transactions;

    private final ShadowJdbcProperties jdbc;

    private final @Nullable ShadowR2dbcProperties r2dbc;

    private final ShadowProtectionProperties protection;

    CoreDescriptor(
            ShadowProperties properties,
            ShadowTransactionProperties transactions,
            ShadowJdbcProperties jdbc,
            @Nullable ShadowR2dbcProperties r2dbc,
            ShadowProtectionProperties protection) {
        this.properties = properties;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.r2dbc = r2dbc;
        this.protection = protection;
    }

    @Override
    public String section() {
        return "core";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        ShadowProperties.Detection detection = this.properties.getDetection();
        List<String> detectors = new ArrayList<>();
        if (detection.isHostSuffix()) {
            detectors.add("host-suffix");
        }
        detectors.add("header " + detection.getHeader());
        if (!detection.getBaggageKey().isBlank()) {
            detectors.add("baggage " + detection.getBaggageKey());
        }
        settings.put("detection", detectors);
        ShadowProperties.Trust trust = this.properties.getTrust();
        Map<String, Object> trustSettings = new LinkedHashMap<>();
        trustSettings.put("mode", trust.getMode().name());
        switch (trust.getMode()) {
            case TRUSTED_PROXIES -> trustSettings.put("trusted-proxies", List.copyOf(trust.getTrustedProxies()));
            case SIGNED -> {
                trustSettings.put("secret", "******");
                trustSettings.put("signature-header", trust.getSignatureHeader());
                trustSettings.put("max-clock-skew", trust.getMaxClockSkew().toString());
            }
            case ANY -> {}
        }
        settings.put("trust", trustSettings);
        List<String> guards = new ArrayList<>();
        if (this.transactions.isRollback()) {
            guards.add("transactions");
        }
        if (this.jdbc.isGuard()) {
            guards.add("jdbc");
        }
        ShadowR2dbcProperties r2dbc = this.r2dbc;
        if (r2dbc != null && r2dbc.isGuard()) {
            guards.add("r2dbc");
        }
        settings.put("guards", guards);
        settings.put("jdbc-mode", this.jdbc.getMode().name());
        Integer maxConcurrent = this.protection.getMaxConcurrent();
        settings.put("max-concurrent-shadow-requests", (maxConcurrent != null) ? maxConcurrent : "unlimited");
        Double maxRate = this.protection.getMaxRate();
        if (maxRate != null) {
            Integer burst = this.protection.getBurst();
            String rate =
                    java.math.BigDecimal.valueOf(maxRate).stripTrailingZeros().toPlainString();
            settings.put("max-shadow-rate", rate + "/s (burst " + ((burst != null) ? burst : "one second") + ")");
        } else {
            settings.put("max-shadow-rate", "unlimited");
        }
        return settings;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
