package dev.shadowtx.core.outbound;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What to do with shadow calls to one destination (a host for Boot's HTTP clients, a client name
 * for Feign).
 * <p>
 * With no {@code action}, the method-based default applies ({@link OutboundAction#defaultFor})
 * and the stub, when there is one, answers the calls that default blocks. A rule is checked when
 * it is created, so that a mistake fails at startup rather than on the first shadow call:
 * {@code REROUTE} needs a URL, a URL is only meaningful with {@code REROUTE} (a URL next to
 * {@code PROPAGATE} would send writes to the live collaborator), and a stub is only meaningful
 * where calls can be blocked.
 *
 * @param action the action, or {@code null} for the method-based default
 * @param url where {@link OutboundAction#REROUTE} sends calls: scheme, host, port and an
 * optional base path; never a query
 * @param stub what blocked calls answer, or {@code null} to raise
 * {@link dev.shadowtx.core.ShadowBlockedException}
 */
public record OutboundRule(
        @Nullable OutboundAction action,
        @Nullable URI url,
        @Nullable OutboundStub stub) {

    /**
     * The rule of a destination nothing is configured for: the method-based default, no stub.
     */
    public static final OutboundRule DEFAULT = new OutboundRule(null, null, null);

    /**
     * Create a rule, checking that its parts fit together.
     * @throws InvalidOutboundRuleException naming the field that does not fit
     */
    public OutboundRule {
        if (action == OutboundAction.REROUTE && url == null) {
            throw new InvalidOutboundRuleException("url", null, "A URL is required with action REROUTE");
        }
        if (url != null && action != OutboundAction.REROUTE) {
            throw new InvalidOutboundRuleException(
                    "action",
                    (action != null) ? action.name() : null,
                    "A URL is only used with action REROUTE; set the action to REROUTE or remove the URL");
        }
        if (url != null) {
            checkUrl(url);
        }
        if (stub != null && (action == OutboundAction.PROPAGATE || action == OutboundAction.REROUTE)) {
            throw new InvalidOutboundRuleException(
                    "action", action.name(), "A stub is only used for blocked calls, not with action " + action.name());
        }
    }

    /**
     * Return the action for a call with the given method.
     * @param method the HTTP method
     * @return the configured action, or the method-based default
     */
    public OutboundAction actionFor(String method) {
        return (this.action != null) ? this.action : OutboundAction.defaultFor(method);
    }

    /**
     * Parse and check a reroute URL.
     * @param value an absolute {@code http} or {@code https} URL with a host and an optional base
     * path, such as {@code http://hoverfly:8500/payments}
     * @return the URL, without a trailing slash
     * @throws InvalidOutboundRuleException when the value is not such a URL
     */
    public static URI parseUrl(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException ex) {
            throw new InvalidOutboundRuleException("url", value, "Malformed URL: " + ex.getReason());
        }
        checkUrl(uri);
        String path = uri.getRawPath();
        if (path != null && path.endsWith("/")) {
            uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path.replaceAll("/+$", ""));
        }
        return uri;
    }

    private static void checkUrl(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null
                || !(scheme.toLowerCase(Locale.ROOT).equals("http")
                        || scheme.toLowerCase(Locale.ROOT).equals("https"))) {
            throw new InvalidOutboundRuleException(
                    "url", uri.toString(), "The URL must be absolute, with scheme http or https");
        }
        if (uri.getHost() == null) {
            throw new InvalidOutboundRuleException("url", uri.toString(), "The URL must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidOutboundRuleException("url", uri.toString(), "The URL must not contain user info");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidOutboundRuleException(
                    "url", uri.toString(), "The URL must not have a query or fragment: the call keeps its own query");
        }
    }
}
