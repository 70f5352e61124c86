package dev.shadowtx.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The capture benchmark measures what it claims: at rate 1.0 every invocation publishes a record
 * holding the answered body, at rate 0 and with the module absent none.
 */
class CaptureBenchmarkTests {

    @Test
    void atRateOneEachRequestPublishesARecordWithTheAnsweredBody() throws Exception {
        CaptureBenchmark.Capture state = state("rate-1");
        try {
            CaptureBenchmark benchmark = new CaptureBenchmark();
            assertThat(benchmark.liveRequest(state)).isEqualTo(1);
            assertThat(benchmark.liveRequest(state)).isEqualTo(2);
            String record = new String(state.sink.lastStart, 0, state.sink.lastLength, StandardCharsets.UTF_8);
            assertThat(record)
                    .contains("\"mode\":\"live\"", "\"route\":\"/orders\"", "\"status\":200")
                    .contains(new String(CaptureBenchmark.ORDER, StandardCharsets.UTF_8));
        } finally {
            state.tearDown();
        }
    }

    @Test
    void atRateZeroAndWithoutTheModuleNothingIsPublished() throws Exception {
        for (String variant : new String[] {"rate-0", "absent"}) {
            CaptureBenchmark.Capture state = state(variant);
            try {
                assertThat(new CaptureBenchmark().liveRequest(state)).isZero();
                assertThat(state.sink.lastLength).isZero();
            } finally {
                state.tearDown();
            }
        }
    }

    private static CaptureBenchmark.Capture state(String variant) {
        CaptureBenchmark.Capture state = new CaptureBenchmark.Capture();
        state.capture = variant;
        state.setUp();
        return state;
    }
}
