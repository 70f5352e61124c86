package dev.shadowtx.autoconfigure;

import dev.shadowtx.core.marker.BaggageDetector;
import dev.shadowtx.core.marker.Cidr;
import dev.shadowtx.core.marker.CompositeMarkerDetector;
import dev.shadowtx.core.marker.HeaderDetector;
import dev.shadowtx.core.marker.HostSuffixDetector;
import dev.shadowtx.core.marker.HttpToken;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.MarkerNames;
import dev.shadowtx.core.marker.MarkerSignature;
import dev.shadowtx.core.marker.SignatureReplayCache;
import dev.shadowtx.core.marker.SignedMarkerPolicy;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.marker.TrustedProxiesPolicy;
import dev.shadowtx.core.outbound.HostPattern;
import dev.shadowtx.core.outbound.MarkerPropagation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Turns the {@code shadow.detection.*}, {@code shadow.trust.*} and {@code shadow.propagation.*}
 * properties into the marker names, the detector, the trust policy and the marker propagation,
 * failing with the name of the offending property when the configuration is invalid.
 */
final class MarkerComponentFactory {

    private MarkerComponentFactory() {}

    /**
     * Check and return the marker names, failing with the name of the offending property.
     * @param detection the bound {@code shadow.detection.*} properties
     * @return the names
     */
    static MarkerNames markerNames(ShadowProperties.Detection detection) {
        String header = detection.getHeader();
        if (!MarkerNames.isHeaderName(header)) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.detection.header",
                    header,
                    "The marker header name must be a non-empty HTTP token such as X-Shadow");
        }
        String baggageKey = detection.getBaggageKey();
        if (!MarkerNames.isBaggageKey(baggageKey)) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.detection.baggage-key",
                    baggageKey,
                    "A baggage key must be a token: letters, digits and !#$%&'*+-.^_`|~, or empty to disable");
        }
        return new MarkerNames(header, baggageKey);
    }

    static MarkerDetector detector(boolean hostSuffix, MarkerNames names) {
        List<MarkerDetector> detectors = new ArrayList<>();
        if (hostSuffix) {
            detectors.add(new HostSuffixDetector());
        }
        detectors.add(new HeaderDetector(names.header()));
        if (names.hasBaggageKey()) {
            detectors.add(new BaggageDetector(names.baggageKey()));
        }
        return new CompositeMarkerDetector(detectors);
    }

    /**
     * Return the propagation of the marker on outbound calls, failing with the name of the
     * offending property.
     * @param names the marker names
     * @param properties the bound {@code shadow.propagation.*} properties
     * @return the propagation
     */
    static MarkerPropagation propagation(MarkerNames names, ShadowPropagationProperties properties) {
        List<HostPattern> excluded;
        try {
            excluded = HostPattern.parseAll(properties.getExcludeHosts());
        } catch (HostPattern.InvalidHostPatternException ex) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.propagation.exclude-hosts[" + ex.getIndex() + "]", ex.getValue(), ex.getMessage());
        }
        return new MarkerPropagation(names, excluded);
    }

    static TrustPolicy trustPolicy(ShadowProperties.Trust trust, Clock clock) {
        return switch (trust.getMode()) {
            case ANY -> TrustPolicy.ANY;
            case TRUSTED_PROXIES -> trustedProxies(trust);
            case SIGNED -> signed(trust, clock);
        };
    }

    private static TrustPolicy trustedProxies(ShadowProperties.Trust trust) {
        List<String> values = trust.getTrustedProxies();
        if (values.isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.trust.trusted-proxies",
                    "",
                    "At least one CIDR range is required when shadow.trust.mode=TRUSTED_PROXIES");
        }
        List<Cidr> ranges = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            try {
                ranges.add(Cidr.parse(values.get(i)));
            } catch (IllegalArgumentException ex) {
                throw new InvalidConfigurationPropertyValueException(
                        "shadow.trust.trusted-proxies[" + i + "]", values.get(i), ex.getMessage());
            }
        }
        return new TrustedProxiesPolicy(ranges);
    }

    private static TrustPolicy signed(ShadowProperties.Trust trust, Clock clock) {
        String secret = trust.getSecret();
        if (secret == null || secret.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.trust.secret", "<empty>", "A secret is required when shadow.trust.mode=SIGNED");
        }
        MarkerSignature signature;
        try {
            signature = new MarkerSignature(secret);
        } catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException("shadow.trust.secret", "******", ex.getMessage());
        }
        Duration skew = trust.getMaxClockSkew();
        if (skew.isNegative() || skew.compareTo(SignedMarkerPolicy.MAX_CLOCK_SKEW) > 0) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.trust.max-clock-skew",
                    skew,
                    "The maximum clock skew must be between 0 and " + SignedMarkerPolicy.MAX_CLOCK_SKEW.toSeconds()
                            + " seconds: a signed marker can be replayed to another instance within it");
        }
        Duration future = trust.getMaxFutureSkew();
        if (future.isNegative() || future.compareTo(skew) > 0) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.trust.max-future-skew",
                    future,
                    "The maximum future skew must be between 0 and shadow.trust.max-clock-skew");
        }
        if (trust.getReplayCacheSize() < 1) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.trust.replay-cache-size",
                    trust.getReplayCacheSize(),
                    "The replay cache must hold at least one signature");
        }
        String header = trust.getSignatureHeader();
        if (header.isBlank() || !HttpToken.isToken(header)) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.trust.signature-header",
                    header,
                    "The signature header name must be a non-empty HTTP token");
        }
        DataSize bodyDigestMaxSize = trust.getBodyDigestMaxSize();
        if (bodyDigestMaxSize.isNegative()) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.trust.body-digest-max-size",
                    bodyDigestMaxSize,
                    "The largest body checked against a signed body digest must not be negative");
        }
        return new SignedMarkerPolicy(
                signature,
                header,
                skew,
                future,
                new SignatureReplayCache(trust.getReplayCacheSize()),
                trust.isAcceptLegacySignatures(),
                clock,
                bodyDigestMaxSize.toBytes());
    }
}
