package dev.shadowtx.compare.capture;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Fixed-size byte chunks that captured bodies are copied into, handed back once their record is
 * published, so that a captured request does not allocate its body again on the request thread.
 * Bounded: beyond its capacity chunks are allocated and left to the garbage collector.
 */
public final class ChunkPool {

    /**
     * Size of every chunk.
     */
    public static final int CHUNK_SIZE = 4096;

    private final ArrayBlockingQueue<byte[]> free;

    /**
     * Create a pool.
     * @param capacity chunks kept at most
     */
    public ChunkPool(int capacity) {
        this.free = new ArrayBlockingQueue<>(Math.max(1, capacity));
    }

    byte[] take() {
        byte[] chunk = this.free.poll();
        return (chunk != null) ? chunk : new byte[CHUNK_SIZE];
    }

    void give(byte[] chunk) {
        this.free.offer(chunk);
    }
}
