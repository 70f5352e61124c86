package dev.shadowtx.core.marker;

/**
 * Why a marker was refused. Bounded, so it is safe as a meter tag; the value appears in the
 * 403 problem response.
 */
public enum RejectionReason {

    /**
     * The TCP peer is not in any trusted range.
     */
    UNTRUSTED_PEER("untrusted-peer", "The sender is not allowed to mark traffic as shadow"),

    /**
     * The marker came without a signature.
     */
    MISSING_SIGNATURE("missing-signature", "The shadow marker is not signed"),

    /**
     * The signature header cannot be read or does not match.
     */
    BAD_SIGNATURE("bad-signature", "The shadow marker signature does not match"),

    /**
     * The signed timestamp is outside the accepted clock skew.
     */
    EXPIRED_SIGNATURE("expired-signature", "The shadow marker signature is too old or too far in the future");

    private final String code;

    private final String description;

    RejectionReason(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /**
     * Return the short code used in meter tags and problem responses.
     * @return a lowercase, dash-separated code
     */
    public String code() {
        return this.code;
    }

    /**
     * Return a sentence that explains the rejection to the sender.
     * @return the description
     */
    public String description() {
        return this.description;
    }
}
