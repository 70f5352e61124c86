package dev.shadowtx.http;

import dev.shadowtx.core.outbound.OutboundDecision;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The decision a Spring client took for the call it is sending on the current thread, handed to
 * the guard of the HTTP client bean under it, so that the call is decided once. The
 * {@link ShadowClientHttpRequestInterceptor} of a {@code RestClient} or {@code RestTemplate} hands
 * it over while its request factory executes the call; the {@link ShadowExchangeFilterFunction}
 * of a {@code WebClient} while its connector is subscribed. A guard deciding the call again would
 * count it twice and judge a rerouted call by the rules of its new destination.
 * <p>
 * Only this package hands a decision over, so application code cannot make a guard skip the
 * policy. A guard takes a decision only for a request with the decided method and URL, and once.
 */
public final class DecidedCalls {

    private static final ThreadLocal<@Nullable OutboundDecision> CARRIED = new ThreadLocal<>();

    private DecidedCalls() {}

    /**
     * Hand a decision over until {@link #restore} is called with what this returns.
     * @param decision the decision of the call about to be sent
     * @return the decision handed over before, to restore afterwards
     */
    static @Nullable OutboundDecision handOver(OutboundDecision decision) {
        OutboundDecision outer = CARRIED.get();
        CARRIED.set(decision);
        return outer;
    }

    /**
     * End a hand-over.
     * @param outer what {@link #handOver} returned
     */
    static void restore(@Nullable OutboundDecision outer) {
        CARRIED.set(outer);
    }

    /**
     * Return the decision handed over on the current thread without taking it, for a client bean
     * that sends the call from another thread (Reactor Netty) and so captures it when the call is
     * subscribed; the bean's guard uses it only for a request with the decided method and URL.
     * @return the decision, or {@code null} outside a hand-over
     */
    public static @Nullable OutboundDecision carried() {
        return CARRIED.get();
    }

    /**
     * Take the decision handed over on the current thread when a guarded client bean is asked to
     * send that very call; the guard then carries it out instead of deciding the call again. Any
     * other call, and any call made outside a hand-over, is decided by the guard as usual.
     * @param method the method of the call the bean is asked to send
     * @param uri the URL of that call
     * @return the decision, or {@code null} when the call was not decided above the bean
     */
    public static @Nullable OutboundDecision take(String method, URI uri) {
        OutboundDecision carried = CARRIED.get();
        if (!matches(carried, method, uri)) {
            return null;
        }
        CARRIED.set(null);
        return carried;
    }

    /**
     * Whether a decision was taken for a request with this method and URL.
     * @param decision a decision handed over, or {@code null}
     * @param method the method of the request
     * @param uri the URL of the request
     * @return {@code true} when the decision is that request's
     */
    public static boolean matches(@Nullable OutboundDecision decision, String method, URI uri) {
        return decision != null
                && decision.call().method().equalsIgnoreCase(method)
                && decision.target().equals(uri);
    }
}
