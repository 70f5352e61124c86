package dev.shadowtx.autoconfigure;

import dev.shadowtx.core.marker.MarkerNames;
import dev.shadowtx.core.marker.TrustMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of shadowtx. Every default is the safe one.
 */
@ConfigurationProperties("shadow")
public class ShadowProperties {

    /**
     * Whether shadow traffic handling is enabled. When false, no shadow bean and no filter is registered.
     */
    private boolean enabled = true;

    private final Detection detection = new Detection();

    private final Trust trust = new Trust();

    private final Decisions decisions = new Decisions();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Detection getDetection() {
        return this.detection;
    }

    public Trust getTrust() {
        return this.trust;
    }

    public Decisions getDecisions() {
        return this.decisions;
    }

    /**
     * The log of recent guard decisions shown by the shadow actuator endpoint.
     */
    public static class Decisions {

        /**
         * Number of recent decisions kept for the shadow actuator endpoint.
         */
        private int capacity = 100;

        public int getCapacity() {
            return this.capacity;
        }

        public void setCapacity(int capacity) {
            this.capacity = capacity;
        }
    }

    /**
     * How inbound shadow markers are recognised.
     */
    public static class Detection {

        /**
         * Whether to read the Envoy "-shadow" suffix on the Host / :authority header.
         */
        private boolean hostSuffix = true;

        /**
         * Name of the inbound and outbound marker header.
         */
        private String header = MarkerNames.DEFAULT_HEADER;

        /**
         * Key of the W3C baggage entry that carries the marker. Empty disables baggage detection.
         */
        private String baggageKey = MarkerNames.DEFAULT_BAGGAGE_KEY;

        public boolean isHostSuffix() {
            return this.hostSuffix;
        }

        public void setHostSuffix(boolean hostSuffix) {
            this.hostSuffix = hostSuffix;
        }

        public String getHeader() {
            return this.header;
        }

        public void setHeader(String header) {
            this.header = header;
        }

        public String getBaggageKey() {
            return this.baggageKey;
        }

        public void setBaggageKey(String baggageKey) {
            this.baggageKey = baggageKey;
        }
    }

    /**
     * Who may mark traffic as shadow.
     */
    public static class Trust {

        /**
         * Which senders may mark traffic: ANY, TRUSTED_PROXIES or SIGNED. An untrusted marker is
         * answered with 403, never treated as live.
         */
        private TrustMode mode = TrustMode.ANY;

        /**
         * CIDR ranges (IPv4 or IPv6) whose TCP peers may mark traffic, for TRUSTED_PROXIES.
         */
        private List<String> trustedProxies = new ArrayList<>();

        /**
         * HMAC-SHA256 key, at least 32 bytes, for SIGNED. Required in that mode.
         */
        private @Nullable String secret;

        /**
         * Oldest signed-marker timestamp accepted, for SIGNED; at most 5 minutes.
         */
        private Duration maxClockSkew = Duration.ofSeconds(30);

        /**
         * Name of the header that carries the marker signature, for SIGNED.
         */
        private String signatureHeader = "X-Shadow-Signature";

        /**
         * How far ahead of this service's clock a signed timestamp may be, for SIGNED; at most
         * max-clock-skew.
         */
        private Duration maxFutureSkew = Duration.ofSeconds(5);

        /**
         * Most signatures remembered at once to refuse their replay, for SIGNED; a new signature
         * is refused while the cache is full of signatures still valid.
         */
        private int replayCacheSize = 100_000;

        /**
         * Whether signatures in the legacy format (mode and time only, not bound to the request)
         * are accepted, for SIGNED.
         */
        private boolean acceptLegacySignatures;

        /**
         * Largest request body read to compare it with a signed body digest header
         * (X-Shadow-Body-Digest), for SIGNED; a marked request with a larger body is refused with
         * 403.
         */
        private DataSize bodyDigestMaxSize = DataSize.ofMegabytes(1);

        public DataSize getBodyDigestMaxSize() {
            return this.bodyDigestMaxSize;
        }

        public void setBodyDigestMaxSize(DataSize bodyDigestMaxSize) {
            this.bodyDigestMaxSize = bodyDigestMaxSize;
        }

        public Duration getMaxFutureSkew() {
            return this.maxFutureSkew;
        }

        public void setMaxFutureSkew(Duration maxFutureSkew) {
            this.maxFutureSkew = maxFutureSkew;
        }

        public int getReplayCacheSize() {
            return this.replayCacheSize;
        }

        public void setReplayCacheSize(int replayCacheSize) {
            this.replayCacheSize = replayCacheSize;
        }

        public boolean isAcceptLegacySignatures() {
            return this.acceptLegacySignatures;
        }

        public void setAcceptLegacySignatures(boolean acceptLegacySignatures) {
            this.acceptLegacySignatures = acceptLegacySignatures;
        }

        public TrustMode getMode() {
            return this.mode;
        }

        public void setMode(TrustMode mode) {
            this.mode = mode;
        }

        public List<String> getTrustedProxies() {
            return this.trustedProxies;
        }

        public void setTrustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
        }

        public @Nullable String getSecret() {
            return this.secret;
        }

        public void setSecret(@Nullable String secret) {
            this.secret = secret;
        }

        public Duration getMaxClockSkew() {
            return this.maxClockSkew;
        }

        public void setMaxClockSkew(Duration maxClockSkew) {
            this.maxClockSkew = maxClockSkew;
        }

        public String getSignatureHeader() {
            return this.signatureHeader;
        }

        public void setSignatureHeader(String signatureHeader) {
            this.signatureHeader = signatureHeader;
        }
    }
}
