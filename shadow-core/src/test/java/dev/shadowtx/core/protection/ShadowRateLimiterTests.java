package dev.shadowtx.core.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShadowRateLimiterTests {

    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

    private ShadowRateLimiter limiter(double perSecond, int burst) {
        return new ShadowRateLimiter(perSecond, burst, this.clock::get);
    }

    private void advanceMillis(long millis) {
        this.clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void admitsTheBurstAtOnceThenRefusesWithoutWaiting() {
        ShadowRateLimiter limiter = limiter(10, 3);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.nanosUntilNextPermit()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void refusedRequestsDoNotPushTheNextPermitFurther() {
        ShadowRateLimiter limiter = limiter(10, 1);
        assertThat(limiter.tryAcquire()).isTrue();
        for (int i = 0; i < 1_000; i++) {
            assertThat(limiter.tryAcquire()).isFalse();
        }
        advanceMillis(100);
        assertThat(limiter.nanosUntilNextPermit()).isZero();
        assertThat(limiter.tryAcquire()).isTrue();
    }

    @Test
    void admitsTheAverageRateOverTime() {
        ShadowRateLimiter limiter = limiter(50, 5);
        int admitted = 0;
        for (int millis = 0; millis <= 10_000; millis++) {
            while (limiter.tryAcquire()) {
                admitted++;
            }
            advanceMillis(1);
        }
        // one every 20 ms from 20 ms to 10 000 ms, plus the burst available at the start
        assertThat(admitted).isEqualTo(500 + 5);
    }

    @Test
    void aQuietPeriodRefillsTheBurstButNoMore() {
        ShadowRateLimiter limiter = limiter(2, 4);
        while (limiter.tryAcquire()) {
            // drain
        }
        advanceMillis(60_000);
        int admitted = 0;
        while (limiter.tryAcquire()) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(4);
    }

    @Test
    void ratesBelowOnePerSecondWork() {
        ShadowRateLimiter limiter = limiter(0.5, 1);
        assertThat(limiter.tryAcquire()).isTrue();
        advanceMillis(1_999);
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.nanosUntilNextPermit()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        advanceMillis(1);
        assertThat(limiter.tryAcquire()).isTrue();
    }

    @Test
    void concurrentCallersNeverGetMoreThanTheBurst() throws Exception {
        ShadowRateLimiter limiter = limiter(1, 25);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    int admitted = 0;
                    for (int i = 0; i < 10_000; i++) {
                        if (limiter.tryAcquire()) {
                            admitted++;
                        }
                    }
                    return admitted;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get();
            }
            assertThat(total).isEqualTo(25);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsRatesAndBurstsOutsideTheirRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> limiter(0, 1)).withMessageContaining("rate");
        assertThatIllegalArgumentException().isThrownBy(() -> limiter(-1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> limiter(Double.NaN, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> limiter(Double.POSITIVE_INFINITY, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> limiter(0.0001, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> limiter(1, 0)).withMessageContaining("burst");
        assertThatIllegalArgumentException().isThrownBy(() -> limiter(1, ShadowRateLimiter.MAX_BURST + 1));
        ShadowRateLimiter slowest = limiter(ShadowRateLimiter.MIN_PERMITS_PER_SECOND, ShadowRateLimiter.MAX_BURST);
        assertThat(slowest.getPermitsPerSecond()).isEqualTo(ShadowRateLimiter.MIN_PERMITS_PER_SECOND);
        assertThat(slowest.getBurst()).isEqualTo(ShadowRateLimiter.MAX_BURST);
        assertThat(slowest.tryAcquire()).isTrue();
    }

    @Test
    void worksOnTheSystemClock() {
        ShadowRateLimiter limiter = new ShadowRateLimiter(1, 2);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
    }
}
