package dev.shadowtx.compare.analyzer;

/** The analyzer's meters, documented in docs/reference/meters.md. */
public enum AnalyzerMeter {

    /** Primaries compared with at least one copy. */
    COMPARISONS("shadow.compare.comparisons", "Primaries the analyzer compared with at least one copy", "comparisons"),

    /** Records without partner, tag {@code role} = {@code primary} or {@code copy}. */
    UNMATCHED(
            "shadow.compare.unmatched",
            "Records that found no partner within the window: primaries without copies, copies without primary",
            "records"),

    /** Records on the exchanges topic that were not readable exchange records. */
    INVALID(
            "shadow.compare.invalid",
            "Records on the exchanges topic that were not readable exchange records",
            "records"),

    /** Gauge: fields of an endpoint judged {@code REGRESSION}, tags {@code service} and {@code endpoint}. */
    REGRESSIONS("shadow.compare.regressions", "Fields of the endpoint that the analyzer judges REGRESSION", "fields");

    private final String meterName;

    private final String description;

    private final String baseUnit;

    AnalyzerMeter(String meterName, String description, String baseUnit) {
        this.meterName = meterName;
        this.description = description;
        this.baseUnit = baseUnit;
    }

    public String meterName() {
        return this.meterName;
    }

    public String description() {
        return this.description;
    }

    public String baseUnit() {
        return this.baseUnit;
    }
}
