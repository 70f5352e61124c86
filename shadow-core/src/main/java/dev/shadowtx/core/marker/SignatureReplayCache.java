package dev.shadowtx.core.marker;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Remembers the signatures accepted while they could still be accepted (until their timestamp
 * falls out of the clock skew), so that a captured signed request cannot be sent a second time.
 * Memory is bounded: at most {@code capacity} signatures are held; when that many are still
 * valid, a new signature is refused rather than accepted unchecked, and the refusal is counted
 * like every other rejection ({@link RejectionReason#REPLAY_CACHE_FULL}).
 */
public final class SignatureReplayCache {

    private final int capacity;

    private final Map<ByteBuffer, Long> expiries = new HashMap<>();

    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>();

    /**
     * Create a cache.
     * @param capacity the most signatures held at once; at least 1
     */
    public SignatureReplayCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("The replay cache must hold at least one signature");
        }
        this.capacity = capacity;
    }

    /**
     * Record a signature the first time it is seen.
     * @param signature the signature bytes
     * @param expiresAt the epoch second after which the signature is refused as too old anyway
     * @param now the current epoch second
     * @return whether it was new, seen before, or could not be remembered
     */
    public synchronized Outcome record(byte[] signature, long expiresAt, long now) {
        while (!this.byExpiry.isEmpty() && this.byExpiry.peek().expiresAt < now) {
            Entry expired = this.byExpiry.poll();
            this.expiries.remove(expired.signature, expired.expiresAt);
        }
        ByteBuffer key = ByteBuffer.wrap(signature.clone());
        if (this.expiries.containsKey(key)) {
            return Outcome.REPLAYED;
        }
        if (this.expiries.size() >= this.capacity) {
            return Outcome.FULL;
        }
        this.expiries.put(key, expiresAt);
        this.byExpiry.add(new Entry(key, expiresAt));
        return Outcome.FIRST_SEEN;
    }

    /**
     * Return how many signatures are held.
     * @return the count
     */
    public synchronized int size() {
        return this.expiries.size();
    }

    /**
     * What {@link #record} found.
     */
    public enum Outcome {

        /**
         * Not seen before; now remembered.
         */
        FIRST_SEEN,

        /**
         * Seen before, within its validity.
         */
        REPLAYED,

        /**
         * Not seen before, but the cache is full of signatures still valid.
         */
        FULL
    }

    private record Entry(ByteBuffer signature, long expiresAt) implements Comparable<Entry> {

        @Override
        public int compareTo(Entry other) {
            return Long.compare(this.expiresAt, other.expiresAt);
        }
    }
}
