package dev.shadowtx.autoconfigure;

import dev.shadowtx.core.ShadowDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.ClassUtils;

/**
 * Describes detection, trust, the guards and protection; the secret is never shown.
 */
final class CoreDescriptor implements ShadowDescriptor {

    private static final boolean R2DBC_PRESENT =
            ClassUtils.isPresent("io.r2dbc.spi.ConnectionFactory", CoreDescriptor.class.getClassLoader());

    private final ShadowProperties properties;

    CoreDescriptor(ShadowProperties properties) {
        this.properties = properties;
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
        if (this.properties.getTransactions().isRollback()) {
            guards.add("transactions");
        }
        if (this.properties.getJdbc().isGuard()) {
            guards.add("jdbc");
        }
        if (this.properties.getR2dbc().isGuard() && R2DBC_PRESENT) {
            guards.add("r2dbc");
        }
        settings.put("guards", guards);
        settings.put("jdbc-mode", this.properties.getJdbc().getMode().name());
        Integer maxConcurrent = this.properties.getProtection().getMaxConcurrent();
        settings.put("max-concurrent-shadow-requests", (maxConcurrent != null) ? maxConcurrent : "unlimited");
        ShadowProperties.Protection protection = this.properties.getProtection();
        Double maxRate = protection.getMaxRate();
        if (maxRate != null) {
            Integer burst = protection.getBurst();
            String rate =
                    java.math.BigDecimal.valueOf(maxRate).stripTrailingZeros().toPlainString();
            settings.put("max-shadow-rate", rate + "/s (burst " + ((burst != null) ? burst : "one second") + ")");
        } else {
            settings.put("max-shadow-rate", "unlimited");
        }
        return settings;
    }
}
