package dev.shadowtx.benchmarks;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Binds a shadow context on the benchmark thread for each iteration, as the filter would for a
 * marked request, so that the measured operation runs in shadow.
 */
@State(Scope.Thread)
public class ShadowThread {

    private ShadowContextHolder.@Nullable Scope scope;

    @Setup(Level.Iteration)
    public void bind() {
        this.scope = ShadowContextHolder.bind(ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER));
    }

    @TearDown(Level.Iteration)
    public void clear() {
        if (this.scope != null) {
            this.scope.close();
            this.scope = null;
        }
    }
}
