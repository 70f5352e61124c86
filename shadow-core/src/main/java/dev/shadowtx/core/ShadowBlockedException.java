package dev.shadowtx.core;

/**
 * Raised instead of performing a side effect that shadow traffic must not perform: a write to a
 * live collaborator, a call to a method marked as live-only. The effect never happened, so the
 * caller may safely retry it live or treat it like any other failed call.
 */
public class ShadowBlockedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String channel;

    private final String target;

    /**
     * Create an exception for a blocked effect.
     * @param channel the side-effect channel, for example {@code http}, {@code feign},
     * {@code kafka} or {@code method}
     * @param target what would have been called, for example {@code POST http://payments/charges}
     */
    public ShadowBlockedException(String channel, String target) {
        super("Blocked in shadow (" + channel + "): " + target
                + " was not performed because the current unit of work carries a shadow marker");
        this.channel = channel;
        this.target = target;
    }

    /**
     * Return the side-effect channel that blocked the call.
     * @return the channel name
     */
    public String getChannel() {
        return this.channel;
    }

    /**
     * Return what would have been called.
     * @return a description of the blocked target, never a body or a header value
     */
    public String getTarget() {
        return this.target;
    }
}
