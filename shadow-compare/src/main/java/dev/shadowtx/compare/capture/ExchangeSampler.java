package dev.shadowtx.compare.capture;

/**
 * Decides which correlation ids are captured, from the id alone, so that every instance of every
 * release captures the same requests (or none of them).
 * <p>
 * The id's UTF-16 code units are hashed with 64-bit FNV-1a, the hash mixed with MurmurHash3's
 * 64-bit finaliser, and its top 53 bits read as a fraction in [0, 1): the id is sampled when that
 * fraction is below the rate. The algorithm is part of the contract: a service in another
 * language that implements it samples the same ids.
 */
public final class ExchangeSampler {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;

    private static final long FNV_PRIME = 0x100000001b3L;

    private static final long SCALE = 1L << 53;

    private final double rate;

    private final long threshold;

    /**
     * Create a sampler.
     * @param rate share of ids sampled, from 0.0 to 1.0
     */
    public ExchangeSampler(double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(
                    "shadow.compare.capture.sample-rate must be between 0.0 and 1.0, was " + rate);
        }
        this.rate = rate;
        this.threshold = (long) (rate * SCALE);
    }

    /**
     * Whether no id is ever sampled (the rate is 0): the request path can skip reading ids at all.
     * @return {@code true} at rate 0
     */
    public boolean samplesNothing() {
        return this.threshold == 0;
    }

    /**
     * Return the sampling rate.
     * @return the rate, from 0.0 to 1.0
     */
    public double rate() {
        return this.rate;
    }

    /**
     * Whether the exchange with this correlation id is captured.
     * @param id the correlation id
     * @return {@code true} when sampled, on every instance alike
     */
    public boolean samples(CharSequence id) {
        return (hash(id) >>> 11) < this.threshold;
    }

    /**
     * The hash the decision is taken on.
     * @param id the correlation id
     * @return FNV-1a 64 of the id's UTF-16 code units, mixed with MurmurHash3's finaliser
     */
    static long hash(CharSequence id) {
        long hash = FNV_OFFSET;
        for (int i = 0; i < id.length(); i++) {
            hash ^= id.charAt(i);
            hash *= FNV_PRIME;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash;
    }
}
