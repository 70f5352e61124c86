package dev.shadowtx.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The GETs, live POSTs and shadow POSTs an application has measured request by request so far,
 * from its {@code RequestCpuValve}: how many of each and their CPU time on the request threads'
 * clocks.
 *
 * @param getRequests GETs
 * @param getCpuNanos their CPU time
 * @param liveRequests live POSTs
 * @param liveCpuNanos their CPU time
 * @param shadowRequests POSTs with the marker header
 * @param shadowCpuNanos their CPU time
 */
record KindSums(
        long getRequests,
        long getCpuNanos,
        long liveRequests,
        long liveCpuNanos,
        long shadowRequests,
        long shadowCpuNanos) {

    static final KindSums ZERO = new KindSums(0, 0, 0, 0, 0, 0);

    /**
     * Read the sums of an application started with {@code -Dbench.request-cpu=true}.
     * @param app the application
     * @return its sums so far
     */
    static KindSums read(AppProcess app) throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + app.port() + "/bench/request-cpu?sums");
        try (InputStream in = uri.toURL().openStream()) {
            return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    /**
     * Parse the valve's answer: one line per kind, {@code <kind> <requests> <CPU ns> <bytes> <wall ns>}.
     * @param text the answer
     * @return the sums of the GETs, the POSTs and the marked POSTs
     */
    static KindSums parse(String text) {
        long[] get = null;
        long[] live = null;
        long[] shadow = null;
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 3) {
                continue;
            }
            long[] figures = {Long.parseLong(fields[1]), Long.parseLong(fields[2])};
            switch (fields[0]) {
                case "GET" -> get = figures;
                case "POST" -> live = figures;
                case "POST-marked" -> shadow = figures;
                default -> {
                    // another kind of request, not compared
                }
            }
        }
        if (get == null || live == null || shadow == null) {
            throw new IllegalArgumentException("No GET, POST and POST-marked sums in " + text);
        }
        return new KindSums(get[0], get[1], live[0], live[1], shadow[0], shadow[1]);
    }

    KindSums minus(KindSums other) {
        return new KindSums(
                this.getRequests - other.getRequests,
                this.getCpuNanos - other.getCpuNanos,
                this.liveRequests - other.liveRequests,
                this.liveCpuNanos - other.liveCpuNanos,
                this.shadowRequests - other.shadowRequests,
                this.shadowCpuNanos - other.shadowCpuNanos);
    }

    KindSums plus(KindSums other) {
        return new KindSums(
                this.getRequests + other.getRequests,
                this.getCpuNanos + other.getCpuNanos,
                this.liveRequests + other.liveRequests,
                this.liveCpuNanos + other.liveCpuNanos,
                this.shadowRequests + other.shadowRequests,
                this.shadowCpuNanos + other.shadowCpuNanos);
    }

    double getCpuPerRequest() {
        return this.getCpuNanos / (double) this.getRequests;
    }

    double liveCpuPerRequest() {
        return this.liveCpuNanos / (double) this.liveRequests;
    }

    double shadowCpuPerRequest() {
        return this.shadowCpuNanos / (double) this.shadowRequests;
    }
}
