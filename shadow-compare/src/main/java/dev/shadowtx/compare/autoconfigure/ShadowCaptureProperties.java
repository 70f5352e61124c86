package dev.shadowtx.compare.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of exchange-record capture: which requests are captured, what of them, what is
 * redacted, and how records are published. Off unless {@code shadow.compare.capture.enabled} is
 * {@code true}.
 */
@ConfigurationProperties("shadow.compare.capture")
public class ShadowCaptureProperties {

    /** Whether this service publishes an exchange record for each sampled request it serves. */
    private boolean enabled;

    /**
     * Share of correlation ids captured, from 0.0 to 1.0; decided by a hash of the id, so every
     * instance captures the same ids.
     */
    private double sampleRate = 1.0;

    /** Largest request or response body kept in a record; longer bodies are cut and flagged truncated. */
    private DataSize maxBodySize = DataSize.ofKilobytes(16);

    /** Request headers written into records (case-insensitive). */
    private List<String> requestHeaders = new ArrayList<>(List.of("content-type"));

    /** Response headers written into records (case-insensitive). */
    private List<String> responseHeaders = new ArrayList<>(List.of("content-type"));

    /** Records waiting for publication at most; when full, new records are dropped and counted. */
    private int queueCapacity = 1000;

    /**
     * Name of this instance in records. Defaults to the HOSTNAME environment variable (the pod
     * name on Kubernetes), else the host name.
     */
    private @Nullable String instance;

    /** Redaction of private values before a record leaves the process. */
    private final Redact redact = new Redact();

    /**
     * Kafka producer settings of the capture publisher that override those derived from
     * spring.kafka.* (for example "bootstrap.servers" or "max.block.ms").
     */
    private Map<String, String> producer = new HashMap<>();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public double getSampleRate() {
        return this.sampleRate;
    }

    public void setSampleRate(double sampleRate) {
        this.sampleRate = sampleRate;
    }

    public DataSize getMaxBodySize() {
        return this.maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    public List<String> getRequestHeaders() {
        return this.requestHeaders;
    }

    public void setRequestHeaders(List<String> requestHeaders) {
        this.requestHeaders = requestHeaders;
    }

    public List<String> getResponseHeaders() {
        return this.responseHeaders;
    }

    public void setResponseHeaders(List<String> responseHeaders) {
        this.responseHeaders = responseHeaders;
    }

    public int getQueueCapacity() {
        return this.queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public @Nullable String getInstance() {
        return this.instance;
    }

    public void setInstance(@Nullable String instance) {
        this.instance = instance;
    }

    public Redact getRedact() {
        return this.redact;
    }

    public Map<String, String> getProducer() {
        return this.producer;
    }

    public void setProducer(Map<String, String> producer) {
        this.producer = producer;
    }

    /**
     * What is replaced by a keyed hash in records, and the key.
     */
    public static final class Redact {

        /** Headers whose values are replaced by a keyed hash when they are captured (case-insensitive). */
        private List<String> headers = new ArrayList<>(List.of("authorization", "cookie", "set-cookie"));

        /**
         * Paths in JSON request and response bodies whose values are replaced by a keyed hash,
         * dotted with [*] for array elements (for example "customer.email" or "cards[*].number");
         * a truncated or malformed JSON body is then hashed whole.
         */
        private List<String> jsonPaths = new ArrayList<>();

        /**
         * Query parameters whose values are replaced by a keyed hash in the captured query string
         * and in form bodies (application/x-www-form-urlencoded).
         */
        private List<String> queryParameters = new ArrayList<>();

        /**
         * Secret key of the keyed hash (HMAC-SHA256), the same on every instance of every release
         * so that hashes compare; at least 32 bytes. Required when anything captured is redacted.
         */
        private @Nullable String key;

        public List<String> getHeaders() {
            return this.headers;
        }

        public void setHeaders(List<String> headers) {
            this.headers = headers;
        }

        public List<String> getJsonPaths() {
            return this.jsonPaths;
        }

        public void setJsonPaths(List<String> jsonPaths) {
            this.jsonPaths = jsonPaths;
        }

        public List<String> getQueryParameters() {
            return this.queryParameters;
        }

        public void setQueryParameters(List<String> queryParameters) {
            this.queryParameters = queryParameters;
        }

        public @Nullable String getKey() {
            return this.key;
        }

        public void setKey(@Nullable String key) {
            this.key = key;
        }
    }
}
