package dev.shadowtx.core.outbound;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeTypeUtils;

/**
 * The bindable form of an {@link OutboundRule}, shared by {@code shadow.http.destinations.<host>}
 * and {@code shadow.feign.clients.<name>}. Values stay strings until {@link #toRule()}, so that an
 * unknown action or a malformed URL is reported with the name of its property instead of as a
 * conversion failure.
 */
public class OutboundRuleProperties {

    /**
     * Action for shadow calls to this destination: PROPAGATE, REROUTE or BLOCK. When not set,
     * GET, HEAD and OPTIONS propagate and every other method is blocked.
     */
    private @Nullable String action;

    /**
     * Where REROUTE sends shadow calls: scheme, host, port and optional base path of a test
     * double. The path and query of each call are kept.
     */
    private @Nullable String url;

    private final Stub stub = new Stub();

    public @Nullable String getAction() {
        return this.action;
    }

    public void setAction(@Nullable String action) {
        this.action = action;
    }

    public @Nullable String getUrl() {
        return this.url;
    }

    public void setUrl(@Nullable String url) {
        this.url = url;
    }

    public Stub getStub() {
        return this.stub;
    }

    /**
     * Check the values and turn them into a rule.
     * @return the rule
     * @throws InvalidOutboundRuleException naming the field that is wrong
     */
    public OutboundRule toRule() {
        OutboundAction parsedAction = null;
        if (this.action != null && !this.action.isBlank()) {
            try {
                parsedAction = OutboundAction.parse(this.action);
            } catch (IllegalArgumentException ex) {
                throw new InvalidOutboundRuleException("action", this.action, String.valueOf(ex.getMessage()));
            }
        }
        URI parsedUrl = (this.url != null && !this.url.isBlank()) ? OutboundRule.parseUrl(this.url) : null;
        return new OutboundRule(parsedAction, parsedUrl, this.stub.toStub());
    }

    /**
     * The response blocked calls answer with instead of raising ShadowBlockedException.
     */
    public static class Stub {

        /**
         * HTTP status of the stub response. Setting any stub property enables the stub; the
         * status then defaults to 200.
         */
        private @Nullable Integer status;

        /**
         * Body of the stub response.
         */
        private @Nullable String body;

        /**
         * Content type of the stub response, for example application/json.
         */
        private @Nullable String contentType;

        public @Nullable Integer getStatus() {
            return this.status;
        }

        public void setStatus(@Nullable Integer status) {
            this.status = status;
        }

        public @Nullable String getBody() {
            return this.body;
        }

        public void setBody(@Nullable String body) {
            this.body = body;
        }

        public @Nullable String getContentType() {
            return this.contentType;
        }

        public void setContentType(@Nullable String contentType) {
            this.contentType = contentType;
        }

        @Nullable
        OutboundStub toStub() {
            if (this.status == null && this.body == null && this.contentType == null) {
                return null;
            }
            int parsedStatus = (this.status != null) ? this.status : 200;
            if (parsedStatus < 100 || parsedStatus > 599) {
                throw new InvalidOutboundRuleException(
                        "stub.status", this.status, "The stub status must be between 100 and 599");
            }
            String type = null;
            if (this.contentType != null && !this.contentType.isBlank()) {
                try {
                    type = MimeTypeUtils.parseMimeType(this.contentType.strip()).toString();
                } catch (InvalidMimeTypeException ex) {
                    throw new InvalidOutboundRuleException(
                            "stub.content-type", this.contentType, "Malformed content type: " + ex.getMessage());
                }
            }
            return new OutboundStub(parsedStatus, (this.body != null) ? this.body : "", type);
        }
    }
}
