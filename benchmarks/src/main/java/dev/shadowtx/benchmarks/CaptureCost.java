package dev.shadowtx.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.springframework.web.servlet.HandlerMapping;

/**
 * CPU time and heap bytes per live request of exchange capture, per thread: the request thread
 * (which pays the filter and the hand-off; its wait for the record is left out) and the publisher thread (which redacts and writes the
 * record), each on its own CPU clock, so the figures do not depend on what else the machine runs
 * the way wall time does. Runs {@link CaptureBenchmark}'s request with capture absent and at
 * sample-rate 1.0 (with a sink that reads records in place, and with one that takes a copy of each),
 * one after the other in this JVM, each warmed up first; and, first, what Tomcat allocates for the
 * two headers capture reads first, alone.
 * <p>
 * {@code java -cp ... dev.shadowtx.benchmarks.CaptureCost [requests]} (default 50 000 per
 * variant and pass, three passes).
 */
public final class CaptureCost {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private CaptureCost() {}

    public static void main(String[] args) throws Exception {
        int requests = (args.length > 0) ? Integer.parseInt(args[0]) : 50_000;
        System.out.printf(
                Locale.ROOT,
                "first reads of X-Request-Id and Content-Type alone: %.0f B per request%n",
                headerStrings(requests));
        for (int pass = 1; pass <= 3; pass++) {
            for (String variant : new String[] {"absent", "rate-1", "rate-1-copied"}) {
                CaptureBenchmark.Capture state = new CaptureBenchmark.Capture();
                state.capture = variant;
                state.setUp();
                try {
                    for (int i = 0; i < requests; i++) {
                        request(state);
                    }
                    long publisher = publisherThread();
                    long requestCpu = 0;
                    long requestBytes = THREADS.getCurrentThreadAllocatedBytes();
                    long publisherCpu = (publisher > 0) ? THREADS.getThreadCpuTime(publisher) : 0;
                    long publisherBytes = (publisher > 0) ? THREADS.getThreadAllocatedBytes(publisher) : 0;
                    for (int i = 0; i < requests; i++) {
                        requestCpu += request(state);
                    }
                    requestBytes = THREADS.getCurrentThreadAllocatedBytes() - requestBytes;
                    if (publisher > 0) {
                        publisherCpu = THREADS.getThreadCpuTime(publisher) - publisherCpu;
                        publisherBytes = THREADS.getThreadAllocatedBytes(publisher) - publisherBytes;
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "pass %d %-13s request thread %7.2f µs %6.0f B | publisher thread %7.2f µs %6.0f B per request%n",
                            pass,
                            variant,
                            requestCpu / 1e3 / requests,
                            (double) requestBytes / requests,
                            publisherCpu / 1e3 / requests,
                            (double) publisherBytes / requests);
                } finally {
                    state.tearDown();
                }
            }
        }
    }

    /**
     * Allocation of what capture reads from Tomcat's request first, alone: the strings of
     * {@code X-Request-Id} and {@code Content-Type}, made on their first read in each request.
     * @return bytes per request
     */
    private static double headerStrings(int requests) {
        Fixtures.Exchange exchange = Fixtures.exchange("unmarked");
        long length = 0;
        long before = 0;
        for (int pass = 0; pass < 2; pass++) {
            before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < requests; i++) {
                exchange.arrive();
                length += exchange.request().getHeader("x-request-id").length();
                String contentType = exchange.request().getContentType();
                length += (contentType != null) ? contentType.length() : 0;
            }
        }
        if (length == 0) {
            throw new IllegalStateException("The request carries no X-Request-Id");
        }
        return (double) (THREADS.getCurrentThreadAllocatedBytes() - before) / requests;
    }

    /**
     * Serve one request as {@link CaptureBenchmark#liveRequest} does, then wait for its record.
     * @return the request thread's CPU nanoseconds for the request alone, the wait left out
     */
    private static long request(CaptureBenchmark.Capture state) throws Exception {
        long before = state.sink.received;
        long start = THREADS.getCurrentThreadCpuTime();
        state.exchange.arrive();
        var filter = state.filter;
        if (filter == null) {
            state.chain.doFilter(state.exchange.request(), state.exchange.response());
        } else {
            filter.doFilter(state.exchange.request(), state.exchange.response(), state.chain);
        }
        state.exchange.response().reset();
        state.exchange.request().removeAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        long spent = THREADS.getCurrentThreadCpuTime() - start;
        if (state.publishes) {
            while (state.sink.received == before) {
                Thread.onSpinWait();
            }
        }
        return spent;
    }

    private static long publisherThread() {
        for (long id : THREADS.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = THREADS.getThreadInfo(id);
            if (info != null && info.getThreadName().equals("shadow-compare-capture")) {
                return id;
            }
        }
        return -1;
    }
}
