package dev.shadowtx.benchmarks;

import dev.shadowtx.core.marker.Detection;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.MarkerNames;
import dev.shadowtx.web.servlet.ServletMarkerCarrier;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The marker decision alone: the starter's default detectors (host suffix, {@code X-Shadow},
 * baggage) over a Tomcat request whose headers are fresh from the parser, taken as the filter
 * takes it (the probe first, a carrier only for a request that may be marked). The baseline reads the
 * same three headers and interprets nothing: the floor that any detection through the Servlet
 * API pays (Tomcat's linear header look-up, and the {@code Host} value made a string).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MarkerDecisionBenchmark {

    /**
     * One request shape and the detector.
     */
    @State(Scope.Thread)
    public static class Shaped {

        /**
         * The request shape, see {@link Fixtures#exchange}.
         */
        @Param({"unmarked", "unmarked-with-baggage", "host-suffix", "header", "baggage", "malformed"})
        public String request = "unmarked";

        MarkerDetector detector = Fixtures.detector();

        Fixtures.Exchange exchange = Fixtures.exchange("unmarked");

        @Setup
        public void setUp() {
            this.exchange = Fixtures.exchange(this.request);
        }
    }

    /**
     * The unmarked request, for the baseline.
     */
    @State(Scope.Thread)
    public static class Unmarked {

        Fixtures.Exchange exchange = Fixtures.exchange("unmarked");
    }

    /**
     * An unmarked request whose headers stay as Tomcat's parser left them: the probe reads the
     * bytes and makes no string, so deciding the same request again sees what the first decision
     * saw, and no reset is paid. Checked after every iteration: a header read as a string fails
     * the run instead of timing a request that is no longer as it arrived.
     */
    @State(Scope.Thread)
    public static class AsParsed {

        MarkerDetector detector = Fixtures.detector();

        Fixtures.Exchange exchange = Fixtures.exchange("unmarked");

        @TearDown(Level.Iteration)
        public void stillAsParsed() {
            this.exchange.assertAsParsed();
        }
    }

    @Benchmark
    public Detection decision(Shaped state) {
        state.exchange.arrive();
        HttpServletRequest request = state.exchange.request();
        if (!state.detector.mayDetect(ServletMarkerCarrier.PROBE, request)) {
            return Detection.LIVE;
        }
        return state.detector.detect(new ServletMarkerCarrier(request));
    }

    /**
     * The unmarked decision without the reset of {@link #decision}: its own time, measured
     * directly rather than as the difference of two noisy figures.
     */
    @Benchmark
    public Detection unmarkedAsParsed(AsParsed state) {
        HttpServletRequest request = state.exchange.request();
        if (!state.detector.mayDetect(ServletMarkerCarrier.PROBE, request)) {
            return Detection.LIVE;
        }
        return state.detector.detect(new ServletMarkerCarrier(request));
    }

    /**
     * What every benchmark of this class pays to put the headers back as Tomcat's parser leaves
     * them: the decision's own time is {@code decision} minus this.
     */
    @Benchmark
    public HttpServletRequest baselineArrival(Unmarked state) {
        state.exchange.arrive();
        return state.exchange.request();
    }

    @Benchmark
    public void baselineHeaderLookups(Unmarked state, Blackhole blackhole) {
        state.exchange.arrive();
        HttpServletRequest request = state.exchange.request();
        blackhole.consume(request.getHeader("Host"));
        blackhole.consume(request.getHeader(MarkerNames.DEFAULT_HEADER));
        blackhole.consume(request.getHeader("baggage"));
    }
}
