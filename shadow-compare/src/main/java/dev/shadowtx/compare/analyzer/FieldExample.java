package dev.shadowtx.compare.analyzer;

import org.jspecify.annotations.Nullable;

/**
 * One group's values at a path, as JSON text ({@code null}: the path was absent there, or the
 * copy was not in the group). Redacted values arrive as hashes and stay hashes.
 *
 * @param id correlation id of the group
 * @param primary the primary's value
 * @param secondary the secondary's value
 * @param candidate the candidate's value
 * @param secondaryDiffers whether the secondary differed from the primary here
 * @param candidateDiffers whether the candidate differed from the primary here
 */
public record FieldExample(
        String id,
        @Nullable String primary,
        @Nullable String secondary,
        @Nullable String candidate,
        boolean secondaryDiffers,
        boolean candidateDiffers) {}
