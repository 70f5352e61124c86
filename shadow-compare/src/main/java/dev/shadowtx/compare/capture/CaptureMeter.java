package dev.shadowtx.compare.capture;

/**
 * The meters of exchange capture, registered from {@link CaptureCounters} when Micrometer is present.
 */
public enum CaptureMeter {

    /**
     * Exchanges captured and queued for publication.
     */
    CAPTURED("shadow.compare.capture.captured", "Exchanges captured and queued for publication", "exchanges"),

    /**
     * Exchange records acknowledged by the broker.
     */
    PUBLISHED("shadow.compare.capture.published", "Exchange records acknowledged by the broker", "records"),

    /**
     * Exchange records dropped instead of published. Tag: {@code reason} ({@code queue-full}: the
     * publication queue was full; {@code send-failed}: the producer could not deliver them).
     */
    DROPPED("shadow.compare.capture.dropped", "Exchange records dropped instead of published", "records"),

    /**
     * Sampled exchanges not captured. Tag: {@code reason} ({@code streaming}: the response was a stream).
     */
    SKIPPED("shadow.compare.capture.skipped", "Sampled exchanges not captured", "exchanges");

    private final String meterName;

    private final String description;

    private final String baseUnit;

    CaptureMeter(String meterName, String description, String baseUnit) {
        this.meterName = meterName;
        this.description = description;
        this.baseUnit = baseUnit;
    }

    /**
     * Return the meter name.
     * @return the lowercase, dot-separated name
     */
    public String meterName() {
        return this.meterName;
    }

    /**
     * Return the meter description.
     * @return one sentence
     */
    public String description() {
        return this.description;
    }

    /**
     * Return the meter's base unit.
     * @return what is counted
     */
    public String baseUnit() {
        return this.baseUnit;
    }
}
