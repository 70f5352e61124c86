package dev.shadowtx.core.outbound;

import org.jspecify.annotations.Nullable;

/**
 * Raised when a configured rule cannot be used. It names the field of the rule that is wrong
 * ({@code action}, {@code url}, {@code stub.status}, ...), so that an integration can report the
 * full property name, for example {@code shadow.feign.clients.payments.url}.
 */
public class InvalidOutboundRuleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    private final @Nullable Object value;

    private final String reason;

    /**
     * Create an exception.
     * @param field the field of the rule, relative to the rule, for example {@code url}
     * @param value the offending value
     * @param reason why it cannot be used, one sentence
     */
    public InvalidOutboundRuleException(String field, @Nullable Object value, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.value = value;
        this.reason = reason;
    }

    /**
     * Return the field of the rule that is wrong.
     * @return the field, dash-separated like a property name, for example {@code stub.content-type}
     */
    public String getField() {
        return this.field;
    }

    /**
     * Return the offending value.
     * @return the value as configured, or {@code null} when it is missing
     */
    public @Nullable Object getValue() {
        return this.value;
    }

    /**
     * Return why the value cannot be used.
     * @return one sentence
     */
    public String getReason() {
        return this.reason;
    }
}
