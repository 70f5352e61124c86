package dev.shadowtx.core.marker;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowMode;
import org.jspecify.annotations.Nullable;

/**
 * What the detectors found on one inbound message.
 *
 * @param mode the mode to isolate in, or {@code null} when the message is live
 * @param source the detector that found the marker, or {@code null} when live
 * @param malformed whether a marker value was present but not understood (then {@code mode}
 * is {@link ShadowMode#SHADOW}, fail-safe)
 */
public record Detection(@Nullable ShadowMode mode, @Nullable MarkerSource source, boolean malformed) {

    /**
     * No marker: the message is live.
     */
    public static final Detection LIVE = new Detection(null, null, false);

    /**
     * Create a detection from a parsed marker value.
     * @param value the parsed value
     * @param source where it was found
     * @return the detection; {@link #LIVE} for {@link MarkerValue#LIVE}
     */
    public static Detection of(MarkerValue value, MarkerSource source) {
        ShadowMode mode = value.mode();
        return (mode != null) ? new Detection(mode, source, value == MarkerValue.MALFORMED) : LIVE;
    }

    /**
     * Whether a marker was found.
     * @return {@code true} when the message must be isolated
     */
    public boolean isMarked() {
        return this.mode != null;
    }

    /**
     * Create the context to bind for this detection.
     * @return the context
     * @throws IllegalStateException when the message is live
     */
    public ShadowContext toContext() {
        if (this.mode == null || this.source == null) {
            throw new IllegalStateException("A live message has no shadow context");
        }
        return ShadowContext.of(this.mode, this.source);
    }

    /**
     * Combine two detections, keeping the one that isolates most; on a tie the first wins.
     * @param other the other detection
     * @return the combined detection
     */
    public Detection or(Detection other) {
        if (!other.isMarked()) {
            return this;
        }
        if (!isMarked()) {
            return other;
        }
        boolean anyMalformed = this.malformed || other.malformed;
        if (this.mode == ShadowMode.SHADOW && other.mode == ShadowMode.SYNTHETIC) {
            return new Detection(other.mode, other.source, anyMalformed);
        }
        return (anyMalformed == this.malformed) ? this : new Detection(this.mode, this.source, true);
    }
}
