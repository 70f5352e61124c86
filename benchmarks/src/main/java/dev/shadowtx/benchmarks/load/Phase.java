package dev.shadowtx.benchmarks.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One closed-loop measurement: a fixed number of workers, each on its own keep-alive
 * connections, send their requests back to back (in turn, when there are several) until the
 * duration is over or the request budget is spent, and record every latency.
 */
final class Phase {

    private final int port;

    private final int workers;

    private final long durationNanos;

    private final long maxRequests;

    Phase(int port, int workers, long durationNanos, long maxRequests) {
        this.port = port;
        this.workers = workers;
        this.durationNanos = durationNanos;
        this.maxRequests = maxRequests;
    }

    /**
     * Return the same phase against another port.
     * @param port the server's port
     * @return the phase
     */
    Phase on(int port) {
        return new Phase(port, this.workers, this.durationNanos, this.maxRequests);
    }

    /**
     * Run the phase.
     * @param requests the request each worker sends, picked round-robin by request count
     * @return what was measured
     */
    Result run(byte[]... requests) throws InterruptedException {
        int[] ports = new int[requests.length];
        Arrays.fill(ports, this.port);
        return run(ports, requests, false);
    }

    /**
     * Run the phase with requests to several servers, each on a keep-alive connection of its own
     * to its server, so that the servers serve at the same moments: each worker sends every request
     * once per turn, in an order drawn anew for every turn. A request that follows one to another
     * process finds the core's caches holding that process' data and costs more CPU than one that
     * follows a request to its own process; in a fixed order each request would always take the
     * same place, and a ratio of two of them would measure their places.
     * @param ports the server of each request
     * @param requests the requests
     * @return what was measured, every request together
     */
    Result runAcross(int[] ports, byte[][] requests) throws InterruptedException {
        return run(ports, requests, true);
    }

    private Result run(int[] ports, byte[][] requests, boolean shuffled) throws InterruptedException {
        if (ports.length != requests.length) {
            throw new IllegalArgumentException("one port per request");
        }
        AtomicLong budget = new AtomicLong(this.maxRequests);
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, this.maxRequests / this.workers + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < this.workers; i++) {
            Worker worker =
                    new Worker(ports, requests, budget, capacity, start, shuffled ? new SplittableRandom(i) : null);
            workers.add(worker);
            worker.thread.start();
        }
        long begin = System.nanoTime();
        long deadline = begin + this.durationNanos;
        for (Worker worker : workers) {
            worker.deadline = deadline;
        }
        start.countDown();
        for (Worker worker : workers) {
            worker.thread.join();
        }
        long elapsed = System.nanoTime() - begin;
        int total = 0;
        long errors = 0;
        for (Worker worker : workers) {
            total += worker.count;
            errors += worker.errors;
        }
        long[] latencies = new long[total];
        int offset = 0;
        for (Worker worker : workers) {
            System.arraycopy(worker.latencies, 0, latencies, offset, worker.count);
            offset += worker.count;
        }
        Arrays.sort(latencies);
        return new Result(total, errors, elapsed, latencies);
    }

    private final class Worker implements Runnable {

        final Thread thread = new Thread(this, "load-worker");

        final int[] ports;

        final byte[][] requests;

        final AtomicLong budget;

        final long[] latencies;

        final CountDownLatch start;

        volatile long deadline;

        int count;

        long errors;

        /**
         * Draws the order of each turn, or {@code null} for the same order every turn.
         */
        final @Nullable SplittableRandom random;

        final int[] order;

        Worker(
                int[] ports,
                byte[][] requests,
                AtomicLong budget,
                int capacity,
                CountDownLatch start,
                @Nullable SplittableRandom random) {
            this.random = random;
            this.order = new int[requests.length];
            for (int i = 0; i < this.order.length; i++) {
                this.order[i] = i;
            }
            this.ports = ports;
            this.requests = requests;
            this.budget = budget;
            this.latencies = new long[capacity];
            this.start = start;
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            @Nullable HttpConnection[] connections = new HttpConnection[this.requests.length];
            try {
                this.start.await();
                long deadline = this.deadline;
                long sent = 0;
                while (System.nanoTime() < deadline
                        && this.count < this.latencies.length
                        && this.budget.getAndDecrement() > 0) {
                    int turn = (int) (sent++ % this.requests.length);
                    if (turn == 0 && this.random != null) {
                        shuffle(this.random);
                    }
                    int slot = this.order[turn];
                    long t0 = System.nanoTime();
                    try {
                        HttpConnection connection = connections[slot];
                        if (connection == null) {
                            connection = new HttpConnection(this.ports[slot], 10_000);
                            connections[slot] = connection;
                        }
                        int status = connection.exchange(this.requests[slot]);
                        if (status < 200 || status > 299) {
                            this.errors++;
                        }
                    } catch (IOException ex) {
                        this.errors++;
                        closeQuietly(connections[slot]);
                        connections[slot] = null;
                    }
                    this.latencies[this.count++] = System.nanoTime() - t0;
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } finally {
                for (HttpConnection connection : connections) {
                    closeQuietly(connection);
                }
            }
        }

        private void shuffle(SplittableRandom random) {
            for (int i = this.order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = this.order[i];
                this.order[i] = this.order[j];
                this.order[j] = swap;
            }
        }
    }

    private static void closeQuietly(@Nullable HttpConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ex) {
                // nothing to do
            }
        }
    }

    /**
     * What one phase measured.
     * @param requests requests completed
     * @param errors requests that failed or answered outside 2xx
     * @param elapsedNanos wall time of the phase
     * @param sortedLatencies every latency in nanoseconds, sorted
     */
    record Result(int requests, long errors, long elapsedNanos, long[] sortedLatencies) {

        /**
         * Combine several slices of the same load into one result.
         * @param results the slices
         * @return their requests, errors, time and latencies together
         */
        static Result merge(List<Result> results) {
            int requests = 0;
            long errors = 0;
            long elapsed = 0;
            for (Result result : results) {
                requests += result.requests();
                errors += result.errors();
                elapsed += result.elapsedNanos();
            }
            long[] latencies = new long[requests];
            int offset = 0;
            for (Result result : results) {
                System.arraycopy(result.sortedLatencies(), 0, latencies, offset, result.requests());
                offset += result.requests();
            }
            Arrays.sort(latencies);
            return new Result(requests, errors, elapsed, latencies);
        }

        double throughput() {
            return this.requests / (this.elapsedNanos / 1e9);
        }

        double percentileMillis(double percentile) {
            if (this.sortedLatencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percentile / 100.0 * this.sortedLatencies.length) - 1;
            return this.sortedLatencies[Math.max(0, index)] / 1e6;
        }
    }
}
