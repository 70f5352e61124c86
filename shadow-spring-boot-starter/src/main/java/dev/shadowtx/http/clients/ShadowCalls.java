package dev.shadowtx.http.clients;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.outbound.MarkerPropagation;
import dev.shadowtx.core.outbound.OutboundCall;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.core.outbound.OutboundStub;
import dev.shadowtx.core.outbound.Redirects;
import java.net.URI;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The part of the {@code http} channel's policy every client library applies the same way: decide
 * a call made in shadow, and write (or, for excluded hosts, erase) the marker on it. Live calls
 * get no decision and are not touched.
 */
public final class ShadowCalls {

    private final Supplier<OutboundPolicy> policy;

    /**
     * Create the calls of one policy.
     * @param policy the policy of the {@code http} channel, resolved on first use
     */
    public ShadowCalls(Supplier<OutboundPolicy> policy) {
        this.policy = policy;
    }

    /**
     * Decide a call made by the current unit of work.
     * @param method the HTTP method
     * @param uri the absolute URL
     * @return the decision, or {@code null} for a live call
     */
    public @Nullable OutboundDecision decide(String method, URI uri) {
        return decide(ShadowContextHolder.current(), method, uri);
    }

    /**
     * Decide a call made by a unit of work whose context was captured earlier (an asynchronous
     * call sent from another thread).
     * @param context the context of the unit of work that made the call, or {@code null} for live
     * @param method the HTTP method
     * @param uri the absolute URL
     * @return the decision, or {@code null} for a live call
     */
    public @Nullable OutboundDecision decide(@Nullable ShadowContext context, String method, URI uri) {
        if (context == null) {
            return null;
        }
        return this.policy.get().decide(context, OutboundCall.of(method, uri));
    }

    /**
     * Decide a call made by a client that cannot carry out every action: what it cannot do is
     * blocked, and reported as blocked, instead.
     * @param context the context of the unit of work that made the call, or {@code null} for live
     * @param method the HTTP method
     * @param uri the absolute URL
     * @param answersStubs whether the client can answer a call with a stub without a server
     * @param reroutes whether the client can send a call to another destination than planned
     * @return the decision, or {@code null} for a live call
     * @see OutboundPolicy#decide(ShadowContext, OutboundCall, boolean, boolean)
     */
    public @Nullable OutboundDecision decide(
            @Nullable ShadowContext context, String method, URI uri, boolean answersStubs, boolean reroutes) {
        if (context == null) {
            return null;
        }
        return this.policy.get().decide(context, OutboundCall.of(method, uri), answersStubs, reroutes);
    }

    /**
     * Decide the request that follows a redirect answered to a shadow call.
     * @param previous the decision of the request that got the redirect
     * @param status the redirect status
     * @param location where the redirect points, absolute
     * @return the decision of the next request
     */
    public OutboundDecision decideRedirect(OutboundDecision previous, int status, URI location) {
        return this.policy.get().decideRedirect(previous, status, location);
    }

    /**
     * Prepare the headers of the request that follows a redirect (marker, credentials, body).
     * @param previous the decision of the request that got the redirect
     * @param next the decision of the next request
     * @param status the redirect status
     * @param headers the headers, changed in place
     */
    public void prepareRedirect(
            OutboundDecision previous, OutboundDecision next, int status, MarkerPropagation.HeaderAccess headers) {
        this.policy.get().prepareRedirect(previous, next, status, headers);
    }

    /**
     * Write the marker on a call that goes out, or erase it for a host that must not receive it.
     * @param decision the decision of the call
     * @param headers the headers of the call
     */
    public void mark(OutboundDecision decision, MarkerPropagation.HeaderAccess headers) {
        MarkerPropagation propagation = this.policy.get().getPropagation();
        if (decision.marked()) {
            propagation.write(decision.mode(), headers);
        } else {
            propagation.erase(headers);
        }
    }

    /**
     * Return where the redirect answered to a shadow call points, when it is one to follow: a
     * redirect status, a usable {@code Location}, and fewer than {@link Redirects#MAX_FOLLOWED}
     * redirects followed so far.
     * @param current the decision of the request that got the answer
     * @param status the status of the answer
     * @param location the {@code Location} header of the answer, or {@code null}
     * @param followed how many redirects of the call were followed already
     * @return the absolute URL of the next request, or {@code null} when the answer is final
     */
    public static @Nullable URI redirectToFollow(
            OutboundDecision current, int status, @Nullable String location, int followed) {
        if (!Redirects.isRedirect(status) || followed >= Redirects.MAX_FOLLOWED) {
            return null;
        }
        return Redirects.location(current.target(), location);
    }

    /**
     * Return the stub a blocked call answers, or raise the exception of the block.
     * @param decision the decision of a blocked call
     * @return the stub
     * @throws dev.shadowtx.core.ShadowBlockedException when the destination has no stub
     */
    public static OutboundStub stubOrThrow(OutboundDecision decision) {
        OutboundStub stub = decision.stub();
        if (stub == null) {
            throw decision.toException();
        }
        return stub;
    }
}
