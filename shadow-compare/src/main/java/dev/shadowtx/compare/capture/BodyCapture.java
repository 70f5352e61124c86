package dev.shadowtx.compare.capture;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The first bytes of one body, up to a limit, as they pass through to or from the application;
 * what goes beyond the limit is not kept and marks the capture truncated. Bytes live in chunks of
 * a {@link ChunkPool}, given back by {@link #release()}.
 * <p>
 * Written by the thread that serves the request, read by the publisher after the request ended.
 */
public final class BodyCapture {

    /**
     * Nothing kept: the body of a request whose body was never read. Never written.
     */
    static final BodyCapture NONE = new BodyCapture(0, new ChunkPool(1));

    private static final byte[][] NO_CHUNKS = new byte[0][];

    private final int limit;

    private final ChunkPool pool;

    private static final byte[] NO_CHUNK = new byte[0];

    /**
     * The first chunk, apart, so that a body of one chunk needs no array of chunks.
     */
    private byte[] first = NO_CHUNK;

    /**
     * The chunks after the first.
     */
    private byte[][] more = NO_CHUNKS;

    private byte[] last = NO_CHUNK;

    private int chunkCount;

    private int size;

    private boolean truncated;

    /**
     * Create an empty capture.
     * @param limit bytes kept at most
     * @param pool where chunks come from
     */
    public BodyCapture(int limit, ChunkPool pool) {
        this.limit = limit;
        this.pool = pool;
    }

    /**
     * Keep one byte.
     * @param b the byte
     */
    public void write(int b) {
        if (this.size >= this.limit) {
            this.truncated = true;
            return;
        }
        int offset = this.size % ChunkPool.CHUNK_SIZE;
        if (offset == 0) {
            addChunk();
        }
        this.last[offset] = (byte) b;
        this.size++;
    }

    /**
     * Keep bytes of an array.
     * @param bytes the array
     * @param off first byte
     * @param len how many
     */
    public void write(byte[] bytes, int off, int len) {
        keep(bytes, null, off, len);
    }

    /**
     * Keep the remaining bytes of a buffer, leaving its position unchanged (a direct buffer is
     * copied into the chunks with no array in between).
     * @param buffer the buffer
     */
    public void write(ByteBuffer buffer) {
        keep(null, buffer, buffer.position(), buffer.remaining());
    }

    /**
     * Copy bytes of an array or else of a buffer into the chunks, up to the limit.
     */
    private void keep(byte @Nullable [] array, @Nullable ByteBuffer buffer, int from, int len) {
        int kept = keep(len);
        int done = 0;
        while (done < kept) {
            int offset = this.size % ChunkPool.CHUNK_SIZE;
            if (offset == 0) {
                addChunk();
            }
            int n = Math.min(kept - done, ChunkPool.CHUNK_SIZE - offset);
            byte[] chunk = this.last;
            if (array != null) {
                System.arraycopy(array, from + done, chunk, offset, n);
            } else if (buffer != null) {
                buffer.get(from + done, chunk, offset, n);
            }
            done += n;
            this.size += n;
        }
    }

    private int keep(int len) {
        int room = this.limit - this.size;
        if (len > room) {
            this.truncated = true;
            return Math.max(room, 0);
        }
        return len;
    }

    private void addChunk() {
        byte[] chunk = this.pool.take();
        if (this.chunkCount == 0) {
            this.first = chunk;
        } else {
            if (this.chunkCount - 1 == this.more.length) {
                this.more = Arrays.copyOf(this.more, Math.max(2, this.more.length * 2));
            }
            this.more[this.chunkCount - 1] = chunk;
        }
        this.last = chunk;
        this.chunkCount++;
    }

    /**
     * Forget what was kept, as when the application resets its response buffer.
     */
    public void reset() {
        release();
        this.truncated = false;
    }

    /**
     * Number of bytes kept.
     * @return the size
     */
    public int size() {
        return this.size;
    }

    /**
     * Whether bytes beyond the limit went by and were not kept.
     * @return {@code true} when cut
     */
    public boolean truncated() {
        return this.truncated;
    }

    /**
     * One chunk of what was kept: chunk {@code i} holds bytes from {@code i * CHUNK_SIZE}, up to
     * {@link #size()}.
     * @param index the chunk's index
     * @return the chunk
     */
    byte[] chunk(int index) {
        return (index == 0) ? this.first : this.more[index - 1];
    }

    /**
     * Decode what was kept as text.
     * @param charset the body's charset
     * @return the text (a multi-byte character cut by the limit decodes as a replacement character)
     */
    public String toString(Charset charset) {
        if (this.chunkCount == 1) {
            return new String(this.first, 0, this.size, charset);
        }
        byte[] all = new byte[this.size];
        int done = 0;
        for (int i = 0; i < this.chunkCount; i++) {
            int n = Math.min(ChunkPool.CHUNK_SIZE, this.size - done);
            System.arraycopy(chunk(i), 0, all, done, n);
            done += n;
        }
        return new String(all, charset);
    }

    /**
     * Give the chunks back to the pool; the capture is empty afterwards.
     */
    public void release() {
        for (int i = 0; i < this.chunkCount; i++) {
            this.pool.give(chunk(i));
        }
        Arrays.fill(this.more, null);
        this.first = NO_CHUNK;
        this.last = NO_CHUNK;
        this.chunkCount = 0;
        this.size = 0;
    }

    @Override
    public String toString() {
        return "BodyCapture[" + this.size + " bytes" + (this.truncated ? ", truncated" : "") + "]";
    }
}
