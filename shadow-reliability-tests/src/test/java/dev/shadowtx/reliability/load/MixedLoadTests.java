package dev.shadowtx.reliability.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.reliability.leak.LeakAppTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Mixed load over real HTTP on real PostgreSQL with a pool of 8: half the requests are marked
 * (X-Shadow shadow / synthetic, baggage), shuffled with live ones, 64 at a time. Every live
 * request leaves exactly its row, no marked request leaves any, and every response reports the
 * mode its own marker asked for: no request observes another's context.
 * {@code -Dreliability.load.requests} sets the count (20 000 by default).
 */
class MixedLoadTests extends LeakAppTestSupport {

    static final int CONCURRENCY = 64;

    static final String[][] MARKERS = {
        {},
        {"X-Shadow", "shadow"},
        {},
        {"X-Shadow", "synthetic"},
        {},
        {"baggage", "userId=alice,shadow=shadow"},
        {},
        {"X-Shadow", "true"}
    };

    static final String[] EXPECTED = {"live", "shadow", "live", "synthetic", "live", "shadow", "live", "shadow"};

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void liveRowsEqualLiveRequestsAndEveryResponseRunsInItsOwnMode() throws Exception {
        int requests = Integer.getInteger("reliability.load.requests", 20_000);
        this.jdbc.execute("create table if not exists load_rows (id varchar(64) primary key, mode varchar(16))");
        String run = "run-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger live = new AtomicInteger();
        AtomicInteger marked = new AtomicInteger();
        AtomicInteger mismatches = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long[] latencies = new long[requests];
        long started = System.nanoTime();
        ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int worker = 0; worker < CONCURRENCY; worker++) {
                futures.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        int kind = Math.floorMod(Integer.rotateLeft(i * 0x9E3779B9, 7), MARKERS.length);
                        String id = run + i;
                        HttpRequest.Builder request = HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + this.port + "/load/" + id))
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.noBody());
                        if (MARKERS[kind].length > 0) {
                            request.header(MARKERS[kind][0], MARKERS[kind][1]);
                        }
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> response =
                                    client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                            latencies[i] = System.nanoTime() - start;
                            if (response.statusCode() != 200) {
                                failures.incrementAndGet();
                                continue;
                            }
                            if (!response.body().contains("\"mode\":\"" + EXPECTED[kind] + "\"")
                                    || !response.body().contains("\"id\":\"" + id + "\"")) {
                                mismatches.incrementAndGet();
                            }
                            (EXPECTED[kind].equals("live") ? live : marked).incrementAndGet();
                        } catch (Exception ex) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            workers.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Integer liveRows =
                this.jdbc.queryForObject("select count(*) from load_rows where id like ?", Integer.class, run + "%");
        Integer isolatedRows = this.jdbc.queryForObject(
                "select count(*) from load_rows where id like ? and mode <> 'live'", Integer.class, run + "%");
        Arrays.sort(latencies);
        System.out.printf(
                "[reliability] mixed load: %d requests (%d live, %d marked), concurrency %d, pool 8, "
                        + "%.1f s, %.0f req/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms; live rows %d, rows from marked requests %d, "
                        + "mode mismatches %d, failures %d%n",
                requests,
                live.get(),
                marked.get(),
                CONCURRENCY,
                seconds,
                requests / seconds,
                latencies[requests / 2] / 1e6,
                latencies[(int) (requests * 0.99)] / 1e6,
                latencies[requests - 1] / 1e6,
                liveRows,
                isolatedRows,
                mismatches.get(),
                failures.get());
        assertThat(failures.get()).isZero();
        assertThat(mismatches.get()).isZero();
        assertThat(live.get() + marked.get()).isEqualTo(requests);
        assertThat(marked.get()).isBetween(requests / 2 - requests / 20, requests / 2 + requests / 20);
        assertThat(liveRows).isEqualTo(live.get());
        assertThat(isolatedRows).isZero();
    }
}
