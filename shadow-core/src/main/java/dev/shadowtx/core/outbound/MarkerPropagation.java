package dev.shadowtx.core.outbound;

import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.BaggageDetector;
import dev.shadowtx.core.marker.MarkerNames;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes the shadow marker on a call that leaves a shadow unit of work: the header
 * ({@code X-Shadow: shadow|synthetic} by default) and, when a baggage key is configured, the W3C
 * baggage entry ({@code shadow=<mode>}), appended to the baggage the call already carries rather
 * than replacing it, so that tracing baggage survives.
 * <p>
 * Excluded hosts (third-party APIs) never receive the marker: on calls to them the marker is
 * removed, even when the application copied it from the inbound request. Only shadow calls go
 * through this class; live calls are never touched.
 */
public final class MarkerPropagation {

    private static final String BAGGAGE_HEADER = BaggageDetector.BAGGAGE_HEADER;

    private final String headerName;

    private final @Nullable String baggageKey;

    private final List<HostPattern> excludedHosts;

    /**
     * Create a propagation.
     * @param names the marker header and baggage key
     * @param excludedHosts hosts that never receive the marker
     */
    public MarkerPropagation(MarkerNames names, List<HostPattern> excludedHosts) {
        this.headerName = names.header();
        this.baggageKey = names.hasBaggageKey() ? names.baggageKey().strip() : null;
        this.excludedHosts = List.copyOf(excludedHosts);
    }

    /**
     * Create a propagation.
     * @param headerName the marker header, an HTTP token
     * @param baggageKey the baggage key, an HTTP token, or empty to write no baggage entry
     * @param excludedHosts hosts that never receive the marker
     * @throws IllegalArgumentException when the header name or baggage key is not a token
     */
    public MarkerPropagation(String headerName, String baggageKey, List<HostPattern> excludedHosts) {
        this(new MarkerNames(headerName, baggageKey), excludedHosts);
    }

    /**
     * Create a propagation with the default header and baggage key and no excluded host.
     * @return the propagation
     */
    public static MarkerPropagation defaults() {
        return new MarkerPropagation(MarkerNames.DEFAULTS, List.of());
    }

    /**
     * Return the marker header name.
     * @return the name
     */
    public String getHeaderName() {
        return this.headerName;
    }

    /**
     * Return the baggage key.
     * @return the key, or {@code null} when no baggage entry is written
     */
    public @Nullable String getBaggageKey() {
        return this.baggageKey;
    }

    /**
     * Return the hosts that never receive the marker.
     * @return the patterns
     */
    public List<HostPattern> getExcludedHosts() {
        return this.excludedHosts;
    }

    /**
     * Whether a destination must not receive the marker.
     * @param uri where the call goes
     * @return {@code true} when its host is excluded
     */
    public boolean isExcluded(URI uri) {
        for (HostPattern pattern : this.excludedHosts) {
            if (pattern.matches(uri)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Write the marker: replace the marker header, and merge the baggage entry into the existing
     * baggage (any entry with the same key is replaced, every other entry is kept).
     * @param mode the mode of the unit of work
     * @param headers the headers of the outgoing call
     */
    public void write(ShadowMode mode, HeaderAccess headers) {
        headers.set(this.headerName, mode.markerValue());
        if (this.baggageKey != null) {
            List<String> members = otherBaggageMembers(headers.values(BAGGAGE_HEADER));
            members.add(this.baggageKey + "=" + mode.markerValue());
            headers.set(BAGGAGE_HEADER, String.join(",", members));
        }
    }

    /**
     * Remove the marker: the marker header and the baggage entry; every other baggage entry is kept.
     * @param headers the headers of the outgoing call
     */
    public void erase(HeaderAccess headers) {
        if (!headers.values(this.headerName).isEmpty()) {
            headers.remove(this.headerName);
        }
        if (this.baggageKey != null) {
            List<String> existing = headers.values(BAGGAGE_HEADER);
            if (existing.isEmpty()) {
                return;
            }
            List<String> members = otherBaggageMembers(existing);
            if (members.isEmpty()) {
                headers.remove(BAGGAGE_HEADER);
            } else {
                headers.set(BAGGAGE_HEADER, String.join(",", members));
            }
        }
    }

    private List<String> otherBaggageMembers(List<String> values) {
        List<String> members = new ArrayList<>();
        for (String value : values) {
            for (String member : value.split(",")) {
                String trimmed = member.strip();
                if (!trimmed.isEmpty() && !isOwnMember(trimmed)) {
                    members.add(trimmed);
                }
            }
        }
        return members;
    }

    private boolean isOwnMember(String member) {
        int equals = member.indexOf('=');
        String key = (equals >= 0) ? member.substring(0, equals) : member;
        return this.baggageKey != null && key.strip().equalsIgnoreCase(this.baggageKey);
    }

    /**
     * The headers of one outgoing call, whatever the client library. Names are matched ignoring case.
     */
    public interface HeaderAccess {

        /**
         * Return every value of a header.
         * @param name the header name
         * @return the values, empty when absent
         */
        List<String> values(String name);

        /**
         * Replace every value of a header with one value.
         * @param name the header name
         * @param value the value
         */
        void set(String name, String value);

        /**
         * Remove a header.
         * @param name the header name
         */
        void remove(String name);
    }
}
