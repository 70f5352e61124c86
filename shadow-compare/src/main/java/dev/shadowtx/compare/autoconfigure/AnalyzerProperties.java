package dev.shadowtx.compare.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the analyzer, which pairs exchange records by correlation id and judges which
 * fields a candidate release answers differently from the live one.
 */
@ConfigurationProperties("shadow.compare.analyzer")
public class AnalyzerProperties {

    /** Whether this service runs the analyzer (a Kafka Streams application over the exchanges topic). */
    private boolean enabled;

    /** Kafka Streams application id of the analyzer: its consumer group and the prefix of its state topics. */
    private String applicationId = "shadow-compare-analyzer";

    /** Whether to create the exchanges topic at startup when it is missing, with the broker's defaults. */
    private boolean createTopic = true;

    /** Longest gap between the record times of a primary and its copies for them to be compared. */
    private Duration window = Duration.ofSeconds(10);

    /** Extra time the analyzer waits for late copies after the window before it judges a request. */
    private Duration grace = Duration.ofSeconds(5);

    /** Response headers compared between primary and copies, reported as "header.<name>". */
    private List<String> headers = new ArrayList<>(List.of("content-type"));

    /** Example requests kept per differing field, for the report and the dashboard. */
    private int examples = 3;

    /**
     * Patterns of arrays compared without regard to element order, e.g. "body.items" ("*" is one
     * path segment, "**" any remainder, "[*]" an array element).
     */
    private List<String> unorderedArrays = new ArrayList<>();

    /** Numeric tolerance per path pattern: numbers closer than this are equal, e.g. "body.total: 0.01". */
    private Map<String, Double> numericTolerance = new LinkedHashMap<>();

    /**
     * Whether to keep the analyzer's state in memory (restored from its changelog topics on
     * restart) instead of RocksDB on local disk.
     */
    private boolean inMemoryStores;

    private final Ignore ignore = new Ignore();

    private final Thresholds thresholds = new Thresholds();

    private final Dashboard dashboard = new Dashboard();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getApplicationId() {
        return this.applicationId;
    }

    public void setApplicationId(String applicationId) {
        this.applicationId = applicationId;
    }

    public boolean isCreateTopic() {
        return this.createTopic;
    }

    public void setCreateTopic(boolean createTopic) {
        this.createTopic = createTopic;
    }

    public Duration getWindow() {
        return this.window;
    }

    public void setWindow(Duration window) {
        this.window = window;
    }

    public Duration getGrace() {
        return this.grace;
    }

    public void setGrace(Duration grace) {
        this.grace = grace;
    }

    public List<String> getHeaders() {
        return this.headers;
    }

    public void setHeaders(List<String> headers) {
        this.headers = headers;
    }

    public int getExamples() {
        return this.examples;
    }

    public void setExamples(int examples) {
        this.examples = examples;
    }

    public List<String> getUnorderedArrays() {
        return this.unorderedArrays;
    }

    public void setUnorderedArrays(List<String> unorderedArrays) {
        this.unorderedArrays = unorderedArrays;
    }

    public Map<String, Double> getNumericTolerance() {
        return this.numericTolerance;
    }

    public void setNumericTolerance(Map<String, Double> numericTolerance) {
        this.numericTolerance = numericTolerance;
    }

    public boolean isInMemoryStores() {
        return this.inMemoryStores;
    }

    public void setInMemoryStores(boolean inMemoryStores) {
        this.inMemoryStores = inMemoryStores;
    }

    public Ignore getIgnore() {
        return this.ignore;
    }

    public Thresholds getThresholds() {
        return this.thresholds;
    }

    public Dashboard getDashboard() {
        return this.dashboard;
    }

    /** What the analyzer never compares. */
    public static final class Ignore {

        /** Path patterns never compared, with everything below them, e.g. "body.createdAt", "body.items[*].id". */
        private List<String> paths = new ArrayList<>();

        /** Response headers never compared, even when listed in shadow.compare.analyzer.headers. */
        private List<String> headers = new ArrayList<>();

        public List<String> getPaths() {
            return this.paths;
        }

        public void setPaths(List<String> paths) {
            this.paths = paths;
        }

        public List<String> getHeaders() {
            return this.headers;
        }

        public void setHeaders(List<String> headers) {
            this.headers = headers;
        }
    }

    /** When a field's differences make a regression: both gaps between candidate and noise rate must be exceeded. */
    public static final class Thresholds {

        /** Minimum relative gap (c - n) / (c + n) between the candidate's and the secondary's difference rates, 0 to 1. */
        private double relative = 0.2;

        /** Minimum absolute gap c - n between the candidate's and the secondary's difference rates, 0 to 1. */
        private double absolute = 0.01;

        public double getRelative() {
            return this.relative;
        }

        public void setRelative(double relative) {
            this.relative = relative;
        }

        public double getAbsolute() {
            return this.absolute;
        }

        public void setAbsolute(double absolute) {
            this.absolute = absolute;
        }
    }

    /** The dashboard page served by the analyzer. */
    public static final class Dashboard {

        /** Whether to serve the dashboard page (only where the analyzer runs in a servlet web application). */
        private boolean enabled = true;

        /** Path of the dashboard page. */
        private String path = "/shadow-compare";

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return this.path;
        }

        public void setPath(String path) {
            this.path = path;
        }
    }
}
