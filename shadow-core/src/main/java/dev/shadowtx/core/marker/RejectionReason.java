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
    EXPIRED_SIGNATURE("expired-signature", "The shadow marker signature is too old or too far in the future"),

    /**
     * The signature was already used: a signed marker is good for one request.
     */
    REPLAYED_SIGNATURE("replayed-signature", "The shadow marker signature was already used"),

    /**
     * The replay cache holds as many signatures as it may, all still valid: the signature cannot
     * be checked against replay, so it is refused.
     */
    REPLAY_CACHE_FULL("replay-cache-full", "Too many signed shadow markers to check for replay; retry later"),

    /**
     * The signature is in the legacy format, which does not cover the request, and the
     * application does not accept that format.
     */
    LEGACY_SIGNATURE("legacy-signature", "The shadow marker signature is in the legacy format, which is not accepted"),

    /**
     * The signature covers a body digest header, and the body of the request does not have that digest.
     */
    BODY_DIGEST_MISMATCH("body-digest-mismatch", "The request body does not match the signed body digest"),

    /**
     * The signature covers a body digest header, and the body is larger than the service reads to
     * check it ({@code shadow.trust.body-digest-max-size}).
     */
    BODY_TOO_LARGE("body-too-large", "The request body is too large to be checked against the signed body digest");

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
