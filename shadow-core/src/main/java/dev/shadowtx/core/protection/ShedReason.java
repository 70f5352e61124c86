package dev.shadowtx.core.protection;

/**
 * Why a shadow request was refused before it ran.
 */
public enum ShedReason {

    /**
     * The shadow bulkhead was full: {@code shadow.protection.max-concurrent} shadow requests were
     * already running.
     */
    CAPACITY("capacity"),

    /**
     * The shadow rate limit was reached: more than {@code shadow.protection.max-rate} shadow
     * requests per second, beyond the allowed burst.
     */
    RATE("rate");

    private final String tagValue;

    ShedReason(String tagValue) {
        this.tagValue = tagValue;
    }

    /**
     * Return the value of the {@code reason} tag.
     * @return the tag value
     */
    public String tagValue() {
        return this.tagValue;
    }
}
