package dev.shadowtx.compare.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings shared by the capture and the analyzer of response comparison: where exchange records
 * travel, how a request is recognised across instances, and which release a service is. Capture
 * and analyzer have their own groups, {@code shadow.compare.capture} and
 * {@code shadow.compare.analyzer}.
 */
@ConfigurationProperties("shadow.compare")
public class ShadowCompareProperties {

    /** Kafka topic that exchange records are published to and the analyzer reads. */
    private String topic = "shadow.exchanges";

    /**
     * Release this service runs, written into every exchange record; the analyzer tells primary,
     * secondary and candidate apart by it. Defaults to the build-info version, else
     * spring.application.version, else "unknown".
     */
    private @Nullable String version;

    /**
     * Request headers that carry the correlation id, in order of preference; the first present
     * wins. For "traceparent" the trace id is used.
     */
    private List<String> correlationHeaders = new ArrayList<>(List.of("x-request-id", "traceparent"));

    public String getTopic() {
        return this.topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public @Nullable String getVersion() {
        return this.version;
    }

    public void setVersion(@Nullable String version) {
        this.version = version;
    }

    public List<String> getCorrelationHeaders() {
        return this.correlationHeaders;
    }

    public void setCorrelationHeaders(List<String> correlationHeaders) {
        this.correlationHeaders = correlationHeaders;
    }
}
