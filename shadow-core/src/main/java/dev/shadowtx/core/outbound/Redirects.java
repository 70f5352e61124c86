package dev.shadowtx.core.outbound;

import java.net.URI;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a redirect asks of a client, the same way for every client integration: which answers are
 * redirects, which method and body the next request keeps, where it goes. Client integrations
 * follow the redirects of shadow calls themselves, one hop at a time, so that each hop is decided
 * by {@link OutboundPolicy#decideRedirect} before it reaches the network.
 */
public final class Redirects {

    /**
     * Most redirects followed for one shadow call; the answer after the last one is returned as it
     * is, as a client that stopped following would.
     */
    public static final int MAX_FOLLOWED = 5;

    private Redirects() {}

    /**
     * Whether a status is a redirect a client follows.
     * @param status the HTTP status
     * @return {@code true} for 301, 302, 303, 307 and 308
     */
    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * Whether a method is one whose redirects every client follows.
     * @param method the HTTP method
     * @return {@code true} for {@code GET} and {@code HEAD}
     */
    public static boolean isSafe(String method) {
        return "GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method);
    }

    /**
     * Return the method of the request that follows a redirect: {@code 303} turns any method
     * but {@code HEAD} into {@code GET}; {@code 301} and {@code 302} turn {@code POST} into
     * {@code GET}; {@code 307} and {@code 308} keep the method.
     * @param status the redirect status
     * @param method the method of the redirected request
     * @return the method of the next request
     */
    public static String methodAfter(int status, String method) {
        String upper = method.toUpperCase(Locale.ROOT);
        if (status == 303 && !"HEAD".equals(upper)) {
            return "GET";
        }
        if ((status == 301 || status == 302) && "POST".equals(upper)) {
            return "GET";
        }
        return upper;
    }

    /**
     * Whether the request that follows a redirect sends the body again.
     * @param status the redirect status
     * @param method the method of the redirected request
     * @return {@code true} when the method is kept and is not {@code GET} or {@code HEAD}
     */
    public static boolean keepsBody(int status, String method) {
        String next = methodAfter(status, method);
        return next.equalsIgnoreCase(method) && !"GET".equals(next) && !"HEAD".equals(next);
    }

    /**
     * Resolve a {@code Location} header against the URL that answered it.
     * @param current the URL that answered with the redirect
     * @param location the {@code Location} header, or {@code null}
     * @return the absolute URL of the next request, or {@code null} when there is none to follow
     */
    public static @Nullable URI location(URI current, @Nullable String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        try {
            URI resolved = current.resolve(location.strip());
            return (resolved.getScheme() != null && resolved.getHost() != null) ? resolved : null;
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /**
     * Whether two URLs have the same scheme, host and port.
     * @param first a URL
     * @param second another URL
     * @return {@code true} for the same origin
     */
    public static boolean sameOrigin(URI first, URI second) {
        return first.getScheme() != null
                && first.getScheme().equalsIgnoreCase(second.getScheme())
                && first.getHost() != null
                && first.getHost().equalsIgnoreCase(second.getHost())
                && port(first) == port(second);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
