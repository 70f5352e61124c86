package dev.shadowtx.core.outbound;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The response a blocked call answers with instead of raising
 * {@link dev.shadowtx.core.ShadowBlockedException}, so that a shadow request can complete the
 * way the live one does (for example a {@code 202} with the body a payment provider returns).
 *
 * @param status the HTTP status, 100 to 599
 * @param body the body, empty for none
 * @param contentType the {@code Content-Type} of the body, or {@code null} to send none
 */
public record OutboundStub(
        int status, String body, @Nullable String contentType) {

    public OutboundStub {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("Status must be between 100 and 599");
        }
        Objects.requireNonNull(body, "body must not be null");
    }
}
