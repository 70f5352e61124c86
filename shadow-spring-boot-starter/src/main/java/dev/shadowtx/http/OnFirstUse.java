package dev.shadowtx.http;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A value made when it is first needed, and only once: the no-follow twin of a client, which
 * only shadow calls use.
 *
 * @param <T> the type of the value
 */
public final class OnFirstUse<T> implements Supplier<T> {

    private final Supplier<T> factory;

    private volatile @Nullable T value;

    /**
     * Create the holder.
     * @param factory makes the value, called at most once
     */
    public OnFirstUse(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        T current = this.value;
        if (current == null) {
            synchronized (this) {
                current = this.value;
                if (current == null) {
                    current = this.factory.get();
                    this.value = current;
                }
            }
        }
        return current;
    }

    /**
     * Return the value if it was made.
     * @return the value, or {@code null} when it was never needed
     */
    public @Nullable T ifMade() {
        return this.value;
    }

    /**
     * Close a client that may hold connections, the way Spring closes beans.
     * @param client the client, possibly {@code null}
     * @throws Exception when closing fails
     */
    public static void close(@Nullable Object client) throws Exception {
        if (client instanceof org.springframework.beans.factory.DisposableBean disposable) {
            disposable.destroy();
        } else if (client instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
