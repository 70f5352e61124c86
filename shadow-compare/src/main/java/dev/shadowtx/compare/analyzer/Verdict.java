package dev.shadowtx.compare.analyzer;

/** What a field's differences mean. */
public enum Verdict {

    /** The candidate differs from the primary beyond what the secondary shows: a change in behaviour. */
    REGRESSION,

    /** The secondary, which runs the primary's own release, differs as much: the field is noise. */
    NOISE
}
