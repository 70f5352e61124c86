package dev.shadowtx.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.shadowtx.core.marker.Detection;
import dev.shadowtx.core.marker.MarkerDetector;
import jakarta.servlet.http.HttpServletRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The marker decision alone: the starter's default detectors (host suffix, {@code X-Shadow},
 * baggage) over a Tomcat request. The baseline reads the same three headers and interprets
 * nothing: the floor that any detection over Tomcat's header table pays.
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
		@Param({ "unmarked", "unmarked-with-baggage", "host-suffix", "header", "baggage", "malformed" })
		public String request = "unmarked";

		MarkerDetector detector = Fixtures.detector();

		HttpServletRequest servletRequest = Fixtures.exchange("unmarked").request();

		@Setup
		public void setUp() {
			this.servletRequest = Fixtures.exchange(this.request).request();
		}

	}

	/**
	 * The unmarked request, for the baseline.
	 */
	@State(Scope.Thread)
	public static class Unmarked {

		HttpServletRequest servletRequest = Fixtures.exchange("unmarked").request();

	}

	@Benchmark
	public Detection decision(Shaped state) {
		return state.detector.detect(new RequestCarrier(state.servletRequest));
	}

	@Benchmark
	public void baselineHeaderLookups(Unmarked state, Blackhole blackhole) {
		blackhole.consume(state.servletRequest.getHeader("Host"));
		blackhole.consume(state.servletRequest.getHeader("X-Shadow"));
		blackhole.consume(state.servletRequest.getHeader("baggage"));
	}

}
