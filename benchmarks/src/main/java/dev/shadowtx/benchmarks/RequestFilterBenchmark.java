package dev.shadowtx.benchmarks;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.web.servlet.ShadowRequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The whole {@link ShadowRequestFilter} on one request, against an empty
 * {@link OncePerRequestFilter} (what a typical Spring filter costs: its already-filtered
 * attribute, whose name it builds on every request). Both are initialised as the container does.
 * The chain records whether the request ran in shadow, as the application would see it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestFilterBenchmark {

    /**
     * The chain at the end of the filter: reads what the application reads.
     */
    static final class RecordingChain implements FilterChain {

        boolean shadow;

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) {
            this.shadow = ShadowContextHolder.isShadow();
        }
    }

    /**
     * One request shape and the filter, built as the starter builds it (trust {@code ANY}, no bulkhead).
     */
    @State(Scope.Thread)
    public static class Shaped {

        /**
         * The request shape, see {@link Fixtures#exchange}.
         */
        @Param({"unmarked", "unmarked-with-baggage", "host-suffix", "header", "baggage", "malformed"})
        public String request = "unmarked";

        ShadowRequestFilter filter = Fixtures.initialised(
                new ShadowRequestFilter(Fixtures.detector(), TrustPolicy.ANY, Fixtures.recorder()),
                "shadowRequestFilter");

        Fixtures.Exchange exchange = Fixtures.exchange("unmarked");

        RecordingChain chain = new RecordingChain();

        @Setup
        public void setUp() {
            this.exchange = Fixtures.exchange(this.request);
        }
    }

    /**
     * The unmarked request and an empty filter, for the baseline.
     */
    @State(Scope.Thread)
    public static class Baseline {

        OncePerRequestFilter filter = Fixtures.initialised(
                new OncePerRequestFilter() {

                    @Override
                    protected void doFilterInternal(
                            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                            throws ServletException, IOException {
                        chain.doFilter(request, response);
                    }
                },
                "emptyFilter");

        Fixtures.Exchange exchange = Fixtures.exchange("unmarked");

        RecordingChain chain = new RecordingChain();
    }

    @Benchmark
    public boolean shadowtxFilter(Shaped state) throws ServletException, IOException {
        state.exchange.arrive();
        state.filter.doFilter(state.exchange.request(), state.exchange.response(), state.chain);
        // a fresh request would not carry the previous decision
        state.exchange.request().removeAttribute(ShadowRequestFilter.CONTEXT_ATTRIBUTE);
        return state.chain.shadow;
    }

    @Benchmark
    public boolean baselineEmptyFilter(Baseline state) throws ServletException, IOException {
        state.exchange.arrive();
        state.filter.doFilter(state.exchange.request(), state.exchange.response(), state.chain);
        state.exchange.request().removeAttribute(ShadowRequestFilter.CONTEXT_ATTRIBUTE);
        return state.chain.shadow;
    }
}
