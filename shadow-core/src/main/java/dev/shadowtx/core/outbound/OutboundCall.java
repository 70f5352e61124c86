package dev.shadowtx.core.outbound;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One outbound call as a guard sees it before it leaves: enough to pick a rule and to reroute.
 *
 * @param method the HTTP method, upper case
 * @param uri the absolute URL the call would go to
 * @param name the name of the client that makes the call (a Feign client name), or {@code null}
 * for clients keyed by host
 * @param basePath the base path of the client, which {@link OutboundAction#REROUTE} replaces with
 * the path of its URL; empty when the whole path is kept
 */
public record OutboundCall(String method, URI uri, @Nullable String name, String basePath) {

    public OutboundCall {
        method = method.toUpperCase(Locale.ROOT);
        Objects.requireNonNull(uri, "uri must not be null");
        Objects.requireNonNull(basePath, "basePath must not be null");
    }

    /**
     * Create a call keyed by the host of its URL, whose whole path is kept on reroute.
     * @param method the HTTP method
     * @param uri the absolute URL
     * @return the call
     */
    public static OutboundCall of(String method, URI uri) {
        return new OutboundCall(method, uri, null, "");
    }

    /**
     * Describe the call for an exception or a log line: method and URL without user info, query
     * or fragment, which may hold secrets.
     * @return for example {@code POST http://payments:8080/charges}
     */
    public String describe() {
        StringBuilder text = new StringBuilder(this.method).append(' ');
        if (this.uri.getScheme() != null) {
            text.append(this.uri.getScheme()).append("://");
        }
        if (this.uri.getHost() != null) {
            text.append(this.uri.getHost());
            if (this.uri.getPort() >= 0) {
                text.append(':').append(this.uri.getPort());
            }
        }
        if (this.uri.getRawPath() != null) {
            text.append(this.uri.getRawPath());
        }
        if (this.name != null) {
            text.append(" (client ").append(this.name).append(')');
        }
        return text.toString();
    }
}
