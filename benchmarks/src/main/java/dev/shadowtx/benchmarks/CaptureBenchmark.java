package dev.shadowtx.benchmarks;

import dev.shadowtx.compare.capture.CaptureCounters;
import dev.shadowtx.compare.capture.ChunkPool;
import dev.shadowtx.compare.capture.CorrelationIds;
import dev.shadowtx.compare.capture.ExchangeCapture;
import dev.shadowtx.compare.capture.ExchangePublisher;
import dev.shadowtx.compare.capture.ExchangeSampler;
import dev.shadowtx.compare.capture.ExchangeSink;
import dev.shadowtx.compare.capture.Redaction;
import dev.shadowtx.compare.capture.ServiceIdentity;
import dev.shadowtx.compare.capture.servlet.ExchangeCaptureFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One live request through exchange capture, against the same request with the module absent
 * (which is also what {@code shadow.compare.capture.enabled=false} leaves: no filter at all).
 * The application answers a 1 KB JSON order, as Spring MVC would write it: status, content type,
 * the matched route, one write of the body. With capture on at rate 1.0 each invocation also waits
 * until the publisher thread has redacted, written and handed its record to the sink, so the time
 * and the allocation (JMH's GC profiler counts every thread) are those of the whole capture, from
 * the request thread to the serialized record. The sink counts records instead of sending them:
 * what the Kafka client costs per record is the Kafka client's, not the capture's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CaptureBenchmark {

    static final byte[] ORDER = order();

    private static byte[] order() {
        StringBuilder json = new StringBuilder("{\"id\":\"3f2b8c1e\",\"status\":\"PLACED\",\"customer\":")
                .append("{\"name\":\"Alice Example\",\"email\":\"alice@example.com\"},\"lines\":[");
        for (int i = 0; json.length() < 980; i++) {
            json.append((i > 0) ? "," : "")
                    .append("{\"sku\":\"SKU-")
                    .append(1000 + i)
                    .append("\",\"quantity\":")
                    .append(i + 1)
                    .append(",\"price\":")
                    .append(9.99 + i)
                    .append('}');
        }
        return json.append("],\"total\":123.45}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What the application does for the request.
     */
    static final class OrderChain implements FilterChain {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) throws IOException {
            request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/orders");
            HttpServletResponse http = (HttpServletResponse) response;
            http.setStatus(200);
            http.setContentType("application/json");
            http.getOutputStream().write(ORDER);
        }
    }

    /**
     * Counts the records it receives, reading each where the publisher wrote it (as a sink that is
     * done with a record when it returns can) or, when it {@link #copies}, from an array of its own,
     * and keeps the last one's length and first bytes.
     */
    static final class CountingSink implements ExchangeSink {

        volatile long received;

        volatile int lastLength;

        final byte[] lastStart = new byte[4096];

        /**
         * Whether the sink takes each record as an array of its own, as the Kafka sink does.
         */
        boolean copies;

        @Override
        public void send(String id, byte[] record, CaptureCounters counters) {
            read(record, record.length, counters);
        }

        @Override
        public void send(String id, byte[] buffer, int length, CaptureCounters counters) {
            if (this.copies) {
                ExchangeSink.super.send(id, buffer, length, counters);
            } else {
                read(buffer, length, counters);
            }
        }

        private void read(byte[] buffer, int length, CaptureCounters counters) {
            System.arraycopy(buffer, 0, this.lastStart, 0, Math.min(length, this.lastStart.length));
            this.lastLength = length;
            this.received++;
            counters.published();
        }

        @Override
        public void close() {}
    }

    /**
     * The request, the response, and capture as the auto-configuration builds it with default
     * properties ({@code content-type} headers kept, 16 KB bodies, a queue of 1000) at the given rate.
     */
    @State(Scope.Thread)
    public static class Capture {

        /**
         * {@code absent} (the module is not there, or capture is off), {@code rate-0}, {@code rate-1},
         * and {@code rate-1-copied}: rate 1.0 with a sink that takes each record as an array of its
         * own, as the Kafka sink hands it to the Kafka serializer.
         */
        @Param({"absent", "rate-0", "rate-1", "rate-1-copied"})
        public String capture = "absent";

        Fixtures.Exchange exchange = Fixtures.exchange("unmarked");

        OrderChain chain = new OrderChain();

        CountingSink sink = new CountingSink();

        @Nullable
        ExchangePublisher publisher;

        @Nullable
        ExchangeCaptureFilter filter;

        boolean publishes;

        @Setup
        public void setUp() {
            if (this.capture.equals("absent")) {
                return;
            }
            double rate = switch (this.capture) {
                case "rate-0" -> 0.0;
                case "rate-1", "rate-1-copied" -> 1.0;
                default -> throw new IllegalArgumentException("Unknown capture variant " + this.capture);
            };
            this.sink.copies = this.capture.equals("rate-1-copied");
            List<String> headers = List.of("content-type");
            Redaction redaction =
                    new Redaction(List.of("authorization", "cookie", "set-cookie"), List.of(), List.of(), null);
            ExchangePublisher publisher = new ExchangePublisher(
                    1000,
                    new ServiceIdentity("orders", "1.0.0", "bench-1"),
                    headers,
                    headers,
                    redaction,
                    this.sink,
                    new CaptureCounters());
            this.publisher = publisher;
            this.filter = new ExchangeCaptureFilter(new ExchangeCapture(
                    new ExchangeSampler(rate),
                    new CorrelationIds(List.of("x-request-id", "traceparent")),
                    headers,
                    headers,
                    16 * 1024,
                    new ChunkPool(256),
                    publisher));
            this.publishes = rate > 0;
        }

        @TearDown
        public void tearDown() {
            ExchangePublisher publisher = this.publisher;
            if (publisher != null) {
                publisher.close();
            }
        }
    }

    @Benchmark
    public long liveRequest(Capture state) throws ServletException, IOException {
        long before = state.sink.received;
        state.exchange.arrive();
        ExchangeCaptureFilter filter = state.filter;
        if (filter == null) {
            state.chain.doFilter(state.exchange.request(), state.exchange.response());
        } else {
            filter.doFilter(state.exchange.request(), state.exchange.response(), state.chain);
        }
        state.exchange.response().reset();
        state.exchange.request().removeAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (state.publishes) {
            while (state.sink.received == before) {
                Thread.onSpinWait();
            }
        }
        return state.sink.received;
    }
}
