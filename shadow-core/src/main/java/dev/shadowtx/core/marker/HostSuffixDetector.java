package dev.shadowtx.core.marker;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;

/**
 * Detects the {@code -shadow} suffix that Envoy appends to the {@code Host} / {@code :authority}
 * of a mirrored request: on the host part ({@code orders-shadow:8080}, {@code orders-shadow},
 * {@code [::1]-shadow:8080}) or on the whole value ({@code orders:8080-shadow}, the form older
 * Envoy versions produced). Case-insensitive; surrounding white space ignored.
 */
public final class HostSuffixDetector implements MarkerDetector {

    static final String SUFFIX = "-shadow";

    private static final Detection DETECTED = new Detection(ShadowMode.SHADOW, MarkerSource.HOST_SUFFIX, false);

    @Override
    public Detection detect(MarkerCarrier carrier) {
        if (!carrier.hostContainsIgnoreCase(SUFFIX)) {
            // the suffix is nowhere in the value, so neither the host part nor the value ends with it
            return Detection.LIVE;
        }
        String host = carrier.host();
        return (host != null && isShadowHost(host)) ? DETECTED : Detection.LIVE;
    }

    @Override
    public <M> boolean mayDetect(HeaderProbe<M> probe, M message) {
        return probe.hostContainsIgnoreCase(message, SUFFIX);
    }

    /**
     * Whether a {@code Host} value carries the Envoy shadow suffix.
     * @param value the raw header value
     * @return {@code true} for a mirrored request
     */
    public static boolean isShadowHost(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && Character.isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        if (endsWithSuffix(value, start, end)) {
            return true;
        }
        int hostEnd = endOfHost(value, start, end);
        return hostEnd != end && endsWithSuffix(value, start, hostEnd);
    }

    private static boolean endsWithSuffix(String value, int start, int end) {
        int length = SUFFIX.length();
        return end - start >= length && value.regionMatches(true, end - length, SUFFIX, 0, length);
    }

    /**
     * Return where the host part ends: before a trailing {@code :port} made of digits (possibly none).
     */
    private static int endOfHost(String value, int start, int end) {
        int colon = value.lastIndexOf(':', end - 1);
        if (colon < start) {
            return end;
        }
        for (int i = colon + 1; i < end; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return end;
            }
        }
        int bracket = value.lastIndexOf(']', end - 1);
        boolean bracketedIpv6 = value.charAt(start) == '[';
        if (bracketedIpv6 ? bracket < colon : value.indexOf(':', start) == colon) {
            return colon;
        }
        return end;
    }
}
