package dev.shadowtx.core.outbound;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A host as written in configuration ({@code shadow.propagation.exclude-hosts}, the keys of
 * {@code shadow.http.destinations}): {@code api.example.com}, {@code api.example.com:8443},
 * {@code *.example.com} (any subdomain, on any port), {@code 127.0.0.1} or {@code [::1]:8080}.
 * Matching ignores case; a pattern without a port matches every port, and a URL without a port
 * has its scheme's default port.
 */
public final class HostPattern {

    private final String host;

    private final int port;

    private final boolean wildcard;

    private HostPattern(String host, int port, boolean wildcard) {
        this.host = host;
        this.port = port;
        this.wildcard = wildcard;
    }

    /**
     * Parse a list of patterns, as configured.
     * @param values the patterns
     * @return the parsed patterns, in order
     * @throws InvalidHostPatternException naming the position and value of the first invalid pattern
     */
    public static List<HostPattern> parseAll(List<String> values) {
        List<HostPattern> patterns = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            try {
                patterns.add(parse(values.get(i)));
            } catch (IllegalArgumentException ex) {
                throw new InvalidHostPatternException(i, values.get(i), String.valueOf(ex.getMessage()));
            }
        }
        return patterns;
    }

    /**
     * A pattern in a configured list is invalid.
     */
    public static final class InvalidHostPatternException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final int index;

        private final String value;

        InvalidHostPatternException(int index, String value, String message) {
            super(message);
            this.index = index;
            this.value = value;
        }

        /**
         * Return the position of the invalid pattern in the list.
         * @return the zero-based index
         */
        public int getIndex() {
            return this.index;
        }

        /**
         * Return the invalid pattern.
         * @return the value as configured
         */
        public String getValue() {
            return this.value;
        }
    }

    /**
     * Parse a pattern.
     * @param value the configured value
     * @return the pattern
     * @throws IllegalArgumentException when the value is not a host, {@code host:port} or
     * {@code *.domain} (a URL, for example)
     */
    public static HostPattern parse(String value) {
        String pattern = value.strip().toLowerCase(Locale.ROOT);
        if (pattern.isEmpty() || pattern.contains("/") || pattern.contains("@")) {
            throw invalid(value);
        }
        String host = pattern;
        int port = -1;
        if (pattern.startsWith("[")) {
            int end = pattern.indexOf(']');
            if (end < 0) {
                throw invalid(value);
            }
            host = pattern.substring(0, end + 1);
            String rest = pattern.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw invalid(value);
                }
                port = parsePort(rest.substring(1), value);
            }
            if (!host.substring(1, host.length() - 1)
                    .chars()
                    .allMatch((c) -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                throw invalid(value);
            }
            return new HostPattern(host, port, false);
        }
        int colon = pattern.indexOf(':');
        if (colon >= 0) {
            if (pattern.indexOf(':', colon + 1) >= 0) {
                throw invalid(value);
            }
            host = pattern.substring(0, colon);
            port = parsePort(pattern.substring(colon + 1), value);
        }
        boolean wildcard = host.startsWith("*.");
        String name = wildcard ? host.substring(2) : host;
        if (name.isEmpty()
                || !name.chars().allMatch(HostPattern::isHostChar)
                || name.startsWith(".")
                || name.endsWith(".")) {
            throw invalid(value);
        }
        return new HostPattern(wildcard ? "." + name : name, port, wildcard);
    }

    /**
     * Whether the host (and port, when the pattern has one) of a URL matches.
     * @param uri an absolute URL
     * @return {@code true} when it matches
     */
    public boolean matches(URI uri) {
        String uriHost = host(uri);
        if (uriHost == null) {
            return false;
        }
        boolean hostMatches = this.wildcard ? uriHost.endsWith(this.host) : uriHost.equals(this.host);
        return hostMatches && (this.port < 0 || this.port == effectivePort(uri));
    }

    /**
     * Whether the pattern names a port.
     * @return {@code true} for {@code host:port}
     */
    public boolean hasPort() {
        return this.port >= 0;
    }

    /**
     * Whether the pattern matches the subdomains of a domain.
     * @return {@code true} for {@code *.domain}
     */
    public boolean isWildcard() {
        return this.wildcard;
    }

    /**
     * How specific the pattern is, to pick the best of several that match: an exact host with a
     * port beats an exact host, which beats any wildcard; a longer wildcard beats a shorter one.
     * @return a number, higher is more specific
     */
    int specificity() {
        if (this.wildcard) {
            return this.host.length() + (hasPort() ? 1 : 0);
        }
        return (hasPort() ? 2 : 1) << 20;
    }

    /**
     * Return the lower-case host of a URL, IPv6 addresses in brackets.
     * @param uri the URL
     * @return the host, or {@code null} when the URL has none
     */
    static @Nullable String host(URI uri) {
        String host = uri.getHost();
        return (host != null) ? host.toLowerCase(Locale.ROOT) : null;
    }

    /**
     * Return the port a URL connects to.
     * @param uri the URL
     * @return its port, or the default port of its scheme, or -1 when unknown
     */
    static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    private static boolean isHostChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    }

    private static int parsePort(String port, String value) {
        try {
            int parsed = Integer.parseInt(port);
            if (parsed < 1 || parsed > 65535) {
                throw invalid(value);
            }
            return parsed;
        } catch (NumberFormatException ex) {
            throw invalid(value);
        }
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException(
                "'" + value + "' is not a host pattern: use a host, host:port, [IPv6] or *.domain, never a URL");
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return (other instanceof HostPattern that)
                && this.host.equals(that.host)
                && this.port == that.port
                && this.wildcard == that.wildcard;
    }

    @Override
    public int hashCode() {
        return this.host.hashCode() * 31 + this.port;
    }

    @Override
    public String toString() {
        String text = this.wildcard ? "*" + this.host : this.host;
        return (this.port >= 0) ? text + ":" + this.port : text;
    }
}
