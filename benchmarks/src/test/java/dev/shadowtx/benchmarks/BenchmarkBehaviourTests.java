package dev.shadowtx.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.Detection;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The benchmarks measure what they claim to: marked shapes are detected, the filter binds the
 * context only for them, and shadow work through the guards leaves no row changed.
 */
class BenchmarkBehaviourTests {

    @AfterEach
    void clear() {
        ShadowContextHolder.clear();
    }

    @ParameterizedTest
    @CsvSource({
        "unmarked,",
        "unmarked-with-baggage,",
        "host-suffix,SHADOW",
        "header,SHADOW",
        "baggage,SYNTHETIC",
        "malformed,SHADOW"
    })
    void decisionFindsTheMarkerOfEachShape(String shape, ShadowMode expected) {
        MarkerDecisionBenchmark.Shaped state = new MarkerDecisionBenchmark.Shaped();
        state.request = shape;
        state.setUp();
        Detection detection = new MarkerDecisionBenchmark().decision(state);
        assertThat(detection.mode()).isEqualTo(expected);
        assertThat(detection.malformed()).isEqualTo(shape.equals("malformed"));
    }

    @ParameterizedTest
    @CsvSource({
        "unmarked,false",
        "unmarked-with-baggage,false",
        "host-suffix,true",
        "header,true",
        "baggage,true",
        "malformed,true"
    })
    void filterRunsOnlyMarkedRequestsInShadowAndClearsAfterwards(String shape, boolean shadow)
            throws ServletException, IOException {
        RequestFilterBenchmark.Shaped state = new RequestFilterBenchmark.Shaped();
        state.request = shape;
        state.setUp();
        RequestFilterBenchmark benchmark = new RequestFilterBenchmark();
        for (int i = 0; i < 3; i++) {
            assertThat(benchmark.shadowtxFilter(state)).isEqualTo(shadow);
            assertThat(ShadowContextHolder.isShadow()).isFalse();
        }
        assertThat(benchmark.baselineEmptyFilter(new RequestFilterBenchmark.Baseline()))
                .isFalse();
    }

    @Test
    void contextIsBoundInsideTheScopeOnly() {
        assertThat(new ContextBenchmark().bindAndClear()).isTrue();
        assertThat(new ContextBenchmark().liveCheck()).isFalse();
    }

    @Test
    void shadowStatementThroughTheJdbcGuardChangesNoRow() throws SQLException {
        JdbcBenchmark benchmark = new JdbcBenchmark();
        try {
            benchmark.baselineUnguarded();
            benchmark.guardedLive();
            assertThat(Fixtures.counter(benchmark.pool)).isEqualTo(2);
            ShadowThread shadow = new ShadowThread();
            shadow.bind();
            try {
                assertThat(benchmark.guardedShadow(shadow)).isEqualTo(1);
            } finally {
                shadow.clear();
            }
            assertThat(Fixtures.counter(benchmark.pool)).isEqualTo(2);
        } finally {
            benchmark.close();
        }
    }

    @Test
    void shadowTransactionThroughTheGuardCommitsNothing() {
        TransactionBenchmark benchmark = new TransactionBenchmark();
        try {
            benchmark.baselineUnguarded();
            benchmark.guardedLive();
            assertThat(Fixtures.counter(benchmark.pool)).isEqualTo(2);
            ShadowThread shadow = new ShadowThread();
            shadow.bind();
            try {
                assertThat(benchmark.guardedShadow(shadow)).isEqualTo(1);
            } finally {
                shadow.clear();
            }
            assertThat(Fixtures.counter(benchmark.pool)).isEqualTo(2);
        } finally {
            benchmark.close();
        }
    }
}
