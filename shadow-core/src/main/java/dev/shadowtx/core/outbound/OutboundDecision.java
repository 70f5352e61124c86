package dev.shadowtx.core.outbound;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowMode;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * What a guard does with one shadow call, decided by {@link OutboundPolicy} and carried out by
 * the client integration (Feign, RestClient, RestTemplate, WebClient).
 *
 * @param channel the side-effect channel, {@code http} or {@code feign}
 * @param call the call as planned
 * @param mode the mode of the unit of work
 * @param action the action
 * @param target where the call goes when it is not blocked: the planned URL, or the rerouted one
 * @param stub what a blocked call answers, or {@code null} to raise {@link ShadowBlockedException}
 * @param marked whether the marker is written ({@code false} for excluded hosts, where it is removed)
 */
public record OutboundDecision(
        String channel,
        OutboundCall call,
        ShadowMode mode,
        OutboundAction action,
        URI target,
        @Nullable OutboundStub stub,
        boolean marked) {

    /**
     * Describe a shadow call as it went out, to decide the redirects it gets: propagated to its URL
     * with the marker. Nothing is reported for it; its own decision was.
     * @param channel the side-effect channel
     * @param mode the mode of the unit of work
     * @param method the HTTP method
     * @param uri where the call went
     * @return the description
     */
    public static OutboundDecision sent(String channel, ShadowMode mode, String method, URI uri) {
        return new OutboundDecision(
                channel, OutboundCall.of(method, uri), mode, OutboundAction.PROPAGATE, uri, null, true);
    }

    /**
     * Whether the call must not reach the network.
     * @return {@code true} for {@link OutboundAction#BLOCK}
     */
    public boolean isBlocked() {
        return this.action == OutboundAction.BLOCK;
    }

    /**
     * Return the outcome as reported to {@link dev.shadowtx.core.metrics.ShadowRecorder}.
     * @return {@code propagate}, {@code reroute}, {@code block} or {@code stub}
     */
    public String outcome() {
        return switch (this.action) {
            case PROPAGATE -> "propagate";
            case REROUTE -> "reroute";
            case BLOCK -> (this.stub != null) ? "stub" : "block";
        };
    }

    /**
     * Create the exception a blocked call raises.
     * @return an exception naming the channel, method and destination
     */
    public ShadowBlockedException toException() {
        return new ShadowBlockedException(this.channel, this.call.describe());
    }
}
