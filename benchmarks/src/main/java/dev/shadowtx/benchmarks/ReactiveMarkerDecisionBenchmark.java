package dev.shadowtx.benchmarks;

import dev.shadowtx.core.marker.Detection;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.MarkerNames;
import dev.shadowtx.web.reactive.ServerHttpMarkerCarrier;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;

/**
 * The marker decision on a WebFlux request served by Reactor Netty: the starter's default
 * detectors over Netty's own header table, seen through the adapter Spring puts over it (as
 * {@code ReactorServerHttpRequest} does), taken as the filter takes it (the probe first, a carrier
 * only for a request that may be marked). Reactor Netty's decoder has made every header a string
 * before the filter runs, so reading one costs a hash look-up and no allocation. The baseline reads
 * the same three headers and interprets nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReactiveMarkerDecisionBenchmark {

    /**
     * One request shape and the detector.
     */
    @State(Scope.Thread)
    public static class Shaped {

        /**
         * The request shape: {@code unmarked}, {@code host-suffix} or {@code header}.
         */
        @Param({"unmarked", "host-suffix", "header"})
        public String request = "unmarked";

        MarkerDetector detector = Fixtures.detector();

        ServerHttpRequest serverRequest = request("unmarked");

        @Setup
        public void setUp() {
            this.serverRequest = request(this.request);
        }
    }

    /**
     * The unmarked request, for the baseline.
     */
    @State(Scope.Thread)
    public static class Unmarked {

        ServerHttpRequest serverRequest = request("unmarked");
    }

    @Benchmark
    public Detection decision(Shaped state) {
        ServerHttpRequest request = state.serverRequest;
        if (!state.detector.mayDetect(ServerHttpMarkerCarrier.PROBE, request)) {
            return Detection.LIVE;
        }
        return state.detector.detect(new ServerHttpMarkerCarrier(request));
    }

    @Benchmark
    public void baselineHeaderLookups(Unmarked state, Blackhole blackhole) {
        HttpHeaders headers = state.serverRequest.getHeaders();
        blackhole.consume(headers.getFirst("Host"));
        blackhole.consume(headers.getFirst(MarkerNames.DEFAULT_HEADER));
        blackhole.consume(headers.getFirst("baggage"));
    }

    static ServerHttpRequest request(String shape) {
        DefaultHttpHeaders netty = new DefaultHttpHeaders();
        for (Map.Entry<String, String> header : Fixtures.LIVE_HEADERS.entrySet()) {
            boolean suffix = header.getKey().equals("Host") && shape.equals("host-suffix");
            netty.add(header.getKey(), suffix ? "orders-shadow:8080" : header.getValue());
        }
        switch (shape) {
            case "unmarked", "host-suffix" -> {}
            case "header" -> netty.add(MarkerNames.DEFAULT_HEADER, "shadow");
            default -> throw new IllegalArgumentException("Unknown request shape " + shape);
        }
        return new NettyHeadersRequest(new HttpHeaders(new Netty4HeadersAdapter(netty)));
    }

    /**
     * A server request over Netty's headers, the way Reactor Netty's request presents them.
     */
    static final class NettyHeadersRequest extends AbstractServerHttpRequest {

        NettyHeadersRequest(HttpHeaders headers) {
            super(HttpMethod.POST, URI.create("http://orders:8080/orders"), null, headers);
        }

        @Override
        protected MultiValueMap<String, HttpCookie> initCookies() {
            return new LinkedMultiValueMap<>();
        }

        @Override
        protected @Nullable SslInfo initSslInfo() {
            return null;
        }

        @Override
        public <T> T getNativeRequest() {
            throw new IllegalStateException("No native request in a benchmark");
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.empty();
        }
    }
}
