package dev.shadowtx.core.outbound;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.net.URI;
import java.util.function.Supplier;

/**
 * Decides what happens to a call made in shadow, for one channel: which action applies (the
 * destination's rule, or the method-based default), where a rerouted call goes, and whether the
 * marker is written. Every decision is reported to {@link ShadowRecorder#outboundDecision}.
 * <p>
 * Client integrations ask only for shadow calls; a live call never reaches this class.
 */
public final class OutboundPolicy {

    private final String channel;

    private final OutboundRuleLookup rules;

    private final MarkerPropagation propagation;

    private final Supplier<ShadowRecorder> recorder;

    /**
     * Create a policy.
     * @param channel the side-effect channel reported with each decision, {@code http} or {@code feign}
     * @param rules the configured rules
     * @param propagation how the marker is written
     * @param recorder where decisions are reported, resolved on first use
     */
    public OutboundPolicy(
            String channel,
            OutboundRuleLookup rules,
            MarkerPropagation propagation,
            Supplier<ShadowRecorder> recorder) {
        this.channel = channel;
        this.rules = rules;
        this.propagation = propagation;
        this.recorder = recorder;
    }

    /**
     * Decide what happens to a shadow call, and report the decision.
     * @param context the shadow context of the unit of work making the call
     * @param call the call
     * @return the decision
     */
    public OutboundDecision decide(ShadowContext context, OutboundCall call) {
        OutboundDecision decision = byRules(context.mode(), call);
        this.recorder.get().outboundDecision(this.channel, decision.outcome(), call.describe());
        return decision;
    }

    /**
     * Decide a shadow call for a client that cannot carry out every action, and report what
     * happens to it: a call the client would have to answer with a stub, or send to another
     * destination, and cannot, is blocked instead (it raises
     * {@link dev.shadowtx.core.ShadowBlockedException}), reported as {@code block} with the reason
     * after its destination.
     * @param context the shadow context of the unit of work making the call
     * @param call the call
     * @param answersStubs whether the client can answer a call with a stub without a server
     * @param reroutes whether the client can send a call to another destination than planned
     * @return the decision; never a stub, nor a reroute elsewhere, that the client cannot carry out
     */
    public OutboundDecision decide(ShadowContext context, OutboundCall call, boolean answersStubs, boolean reroutes) {
        OutboundDecision decision = byRules(context.mode(), call);
        String refused = null;
        if (decision.isBlocked() && decision.stub() != null && !answersStubs) {
            refused = "refused: the client cannot answer with the stub";
        } else if (decision.action() == OutboundAction.REROUTE
                && !reroutes
                && !decision.target().equals(call.uri())) {
            refused = "refused: the client cannot reroute the call";
        }
        if (refused == null) {
            this.recorder.get().outboundDecision(this.channel, decision.outcome(), call.describe());
            return decision;
        }
        OutboundDecision blocked = new OutboundDecision(
                this.channel, call, decision.mode(), OutboundAction.BLOCK, call.uri(), null, decision.marked());
        this.recorder.get().outboundDecision(this.channel, blocked.outcome(), call.describe() + " (" + refused + ")");
        return blocked;
    }

    /**
     * Decide a shadow call for a client that must not send any shadow call (one whose redirects
     * could not be decided): a call the rules block is blocked, or answered with its stub, as
     * usual; a call they would propagate or reroute is blocked instead (it raises
     * {@link dev.shadowtx.core.ShadowBlockedException}), reported as {@code block} with the reason
     * after its destination.
     * @param context the shadow context of the unit of work making the call
     * @param call the call
     * @param reason why the client cannot send it, for the decision log
     * @return the decision; always blocked
     */
    public OutboundDecision decideWithoutSending(ShadowContext context, OutboundCall call, String reason) {
        OutboundDecision decision = byRules(context.mode(), call);
        if (decision.isBlocked()) {
            this.recorder.get().outboundDecision(this.channel, decision.outcome(), call.describe());
            return decision;
        }
        OutboundDecision blocked = new OutboundDecision(
                this.channel, call, decision.mode(), OutboundAction.BLOCK, call.uri(), null, decision.marked());
        this.recorder
                .get()
                .outboundDecision(this.channel, blocked.outcome(), call.describe() + " (refused: " + reason + ")");
        return blocked;
    }

    private OutboundDecision byRules(ShadowMode mode, OutboundCall call) {
        OutboundRule rule = this.rules.ruleFor(call);
        OutboundAction action = rule.actionFor(call.method());
        URI target = call.uri();
        if (action == OutboundAction.REROUTE) {
            URI url = rule.url();
            target = reroute(call.uri(), call.basePath(), (url != null) ? url : call.uri());
        }
        return new OutboundDecision(
                this.channel,
                call,
                mode,
                action,
                target,
                (action == OutboundAction.BLOCK) ? rule.stub() : null,
                !this.propagation.isExcluded(target));
    }

    /**
     * Decide the request that follows a redirect answered to a shadow call, and report the
     * decision like any other. A redirect to the origin the call just reached follows as that
     * call did (the destination was allowed already); a redirect anywhere else is a new call,
     * decided by the rules of its destination: it is followed only if they propagate or reroute
     * it, and blocked otherwise.
     * @param previous the decision of the request that was answered with the redirect
     * @param status the redirect status
     * @param location where the redirect points, absolute
     * @return the decision of the next request; its {@link OutboundDecision#target()} is where it goes
     */
    public OutboundDecision decideRedirect(OutboundDecision previous, int status, URI location) {
        String method = Redirects.methodAfter(status, previous.call().method());
        OutboundDecision decision;
        if (Redirects.sameOrigin(previous.target(), location)) {
            decision = new OutboundDecision(
                    this.channel,
                    new OutboundCall(method, location, previous.call().name(), ""),
                    previous.mode(),
                    previous.action(),
                    location,
                    previous.stub(),
                    !this.propagation.isExcluded(location));
        } else {
            decision = byRules(previous.mode(), OutboundCall.of(method, location));
        }
        this.recorder
                .get()
                .outboundDecision(
                        this.channel,
                        decision.outcome(),
                        "redirect to " + decision.call().describe());
        return decision;
    }

    /**
     * Prepare the headers of the request that follows a redirect: the marker written (or erased
     * for an excluded host) as the next decision says; the body's headers removed when the next
     * request sends no body; credentials, cookies and {@code Host} removed when it goes to
     * another origin.
     * @param previous the decision of the request that was answered with the redirect
     * @param next the decision of the next request, from {@link #decideRedirect}
     * @param status the redirect status
     * @param headers the headers of the redirected request, changed in place for the next one
     */
    public void prepareRedirect(
            OutboundDecision previous, OutboundDecision next, int status, MarkerPropagation.HeaderAccess headers) {
        if (!Redirects.keepsBody(status, previous.call().method())) {
            removeAll(headers, "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding");
        }
        if (!Redirects.sameOrigin(previous.target(), next.target())) {
            removeAll(headers, "Authorization", "Proxy-Authorization", "Cookie", "Host");
        }
        if (next.marked()) {
            this.propagation.write(next.mode(), headers);
        } else {
            this.propagation.erase(headers);
        }
    }

    private static void removeAll(MarkerPropagation.HeaderAccess headers, String... names) {
        for (String name : names) {
            if (!headers.values(name).isEmpty()) {
                headers.remove(name);
            }
        }
    }

    /**
     * Return how the marker is written.
     * @return the propagation
     */
    public MarkerPropagation getPropagation() {
        return this.propagation;
    }

    /**
     * Return the channel of this policy.
     * @return {@code http} or {@code feign}
     */
    public String getChannel() {
        return this.channel;
    }

    /**
     * Rewrite a URL for another destination: scheme, host, port and base path come from
     * {@code base}, the rest of the path and the query are kept.
     * <p>
     * {@code http://payments/v1/charges?x=1}, base path {@code /v1}, base
     * {@code http://hoverfly:8500/mock} gives {@code http://hoverfly:8500/mock/charges?x=1}; with
     * an empty base path it gives {@code http://hoverfly:8500/mock/v1/charges?x=1}.
     * @param original the planned URL
     * @param basePath the part of the planned path that the base replaces, or empty
     * @param base the new scheme, host, port and base path
     * @return the rewritten URL, still encoded as the original was
     */
    public static URI reroute(URI original, String basePath, URI base) {
        String path = (original.getRawPath() != null) ? original.getRawPath() : "";
        String prefix = stripTrailingSlash(basePath);
        if (!prefix.isEmpty()
                && path.startsWith(prefix)
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
            path = path.substring(prefix.length());
        }
        if (!path.isEmpty() && !path.startsWith("/")) {
            path = "/" + path;
        }
        String basePathOfTarget = stripTrailingSlash((base.getRawPath() != null) ? base.getRawPath() : "");
        StringBuilder url = new StringBuilder(base.getScheme())
                .append("://")
                .append(base.getRawAuthority())
                .append(basePathOfTarget)
                .append(path);
        if (original.getRawQuery() != null) {
            url.append('?').append(original.getRawQuery());
        }
        return URI.create(url.toString());
    }

    private static String stripTrailingSlash(String path) {
        String result = path;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
