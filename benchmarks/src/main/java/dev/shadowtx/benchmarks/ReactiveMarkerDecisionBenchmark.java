package dev.shadowtx.benchmarks;

import dev.shadowtx.core.marker.Detection;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.MarkerNames;
import dev.shadowtx.web.reactive.ServerHttpMarkerCarrier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The marker decision on a WebFlux request served by Reactor Netty: the starter's default
 * detectors over Spring's own {@code ReactorServerHttpRequest}, taken as the filter takes it (the
 * probe first, a carrier only for a request that may be marked). The requests are real: a Reactor
 * Netty server on a loopback port of its own receives each request shape once over a socket,
 * through Netty's decoder and Spring's {@link ReactorHttpHandlerAdapter}, and the benchmark decides
 * the request object Spring handed over, whose headers are the table Netty's decoder filled. The
 * baseline reads the same three headers through Spring's {@link HttpHeaders} and interprets
 * nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReactiveMarkerDecisionBenchmark {

    /**
     * A Reactor Netty server that keeps the request object of each exchange it receives.
     */
    @State(Scope.Benchmark)
    public static class Server {

        private volatile CompletableFuture<ServerHttpRequest> next = new CompletableFuture<>();

        private DisposableServer server = start();

        private DisposableServer start() {
            return HttpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .handle(new ReactorHttpHandlerAdapter((request, response) -> {
                        this.next.complete(request);
                        return response.setComplete();
                    }))
                    .bindNow(Duration.ofSeconds(10));
        }

        /**
         * Send one request of the given shape and return the request object Spring made of it.
         * @param shape {@code unmarked}, {@code host-suffix} or {@code header}
         */
        ServerHttpRequest receive(String shape) {
            CompletableFuture<ServerHttpRequest> received = new CompletableFuture<>();
            this.next = received;
            StringBuilder message = new StringBuilder("POST /orders HTTP/1.1\r\n");
            for (Map.Entry<String, String> header : Fixtures.LIVE_HEADERS.entrySet()) {
                boolean suffix = header.getKey().equals("Host") && shape.equals("host-suffix");
                message.append(header.getKey())
                        .append(": ")
                        .append(suffix ? "orders-shadow:8080" : header.getValue())
                        .append("\r\n");
            }
            switch (shape) {
                case "unmarked", "host-suffix" -> {}
                case "header" -> message.append(MarkerNames.DEFAULT_HEADER).append(": shadow\r\n");
                default -> throw new IllegalArgumentException("Unknown request shape " + shape);
            }
            message.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 10_000);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(message.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // the response, to the end of the connection the server closes
                }
                return received.get(10, TimeUnit.SECONDS);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            } catch (ExecutionException | TimeoutException ex) {
                throw new IllegalStateException("Reactor Netty did not hand over the request", ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }

        @TearDown
        public void stop() {
            this.server.disposeNow();
        }
    }

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

        @SuppressWarnings("NullAway.Init")
        ServerHttpRequest serverRequest;

        @Setup
        public void setUp(Server server) {
            this.serverRequest = server.receive(this.request);
        }
    }

    /**
     * The unmarked request, for the baseline.
     */
    @State(Scope.Thread)
    public static class Unmarked {

        @SuppressWarnings("NullAway.Init")
        ServerHttpRequest serverRequest;

        @Setup
        public void setUp(Server server) {
            this.serverRequest = server.receive("unmarked");
        }
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
}
