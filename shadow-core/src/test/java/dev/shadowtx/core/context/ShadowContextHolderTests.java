package dev.shadowtx.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ShadowContextHolderTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private static final ShadowContext SYNTHETIC = ShadowContext.of(ShadowMode.SYNTHETIC, MarkerSource.BAGGAGE);

    @AfterEach
    void clear() {
        ShadowContextHolder.clear();
    }

    @Test
    void liveByDefault() {
        assertThat(ShadowContextHolder.isShadow()).isFalse();
        assertThat(ShadowContextHolder.current()).isNull();
        assertThat(ShadowContextHolder.currentMode()).isEmpty();
    }

    @Test
    void nestedScopesRestoreWhatWasBoundBefore() {
        try (ShadowContextHolder.Scope outer = ShadowContextHolder.bind(SHADOW)) {
            assertThat(ShadowContextHolder.current()).isEqualTo(SHADOW);
            try (ShadowContextHolder.Scope inner = ShadowContextHolder.bind(SYNTHETIC)) {
                assertThat(ShadowContextHolder.currentMode()).contains(ShadowMode.SYNTHETIC);
                try (ShadowContextHolder.Scope live = ShadowContextHolder.bind(null)) {
                    assertThat(ShadowContextHolder.isShadow()).isFalse();
                }
                assertThat(ShadowContextHolder.current()).isEqualTo(SYNTHETIC);
            }
            assertThat(ShadowContextHolder.current()).isEqualTo(SHADOW);
        }
        assertThat(ShadowContextHolder.isShadow()).isFalse();
    }

    @Test
    void closingTwiceDoesNotUndoALaterBind() {
        ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW);
        scope.close();
        ShadowContextHolder.Scope later = ShadowContextHolder.bind(SYNTHETIC);
        scope.close();
        assertThat(ShadowContextHolder.current()).isEqualTo(SYNTHETIC);
        later.close();
    }

    @Test
    void mdcFollowsTheHolder() {
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
            assertThat(MDC.get(ShadowContextHolder.MDC_KEY)).isEqualTo("synthetic");
        }
        assertThat(MDC.get(ShadowContextHolder.MDC_KEY)).isNull();
    }

    @Test
    void accessorIsRegisteredThroughServiceLoader() {
        assertThat(ServiceLoader.load(ThreadLocalAccessor.class).stream().map(ServiceLoader.Provider::type))
                .contains(ShadowContextAccessor.class);
        assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
                .anyMatch((accessor) -> ShadowContextAccessor.KEY.equals(accessor.key()));
    }

    @Test
    void snapshotCarriesTheContextToAnotherThreadAndClearsItAfterwards() throws Exception {
        ContextSnapshotFactory factory = ContextSnapshotFactory.builder().build();
        ContextSnapshot snapshot;
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
            snapshot = factory.captureAll();
        }
        ShadowContext[] seen = new ShadowContext[2];
        Thread thread = new Thread(() -> {
            try (ContextSnapshot.Scope restored = snapshot.setThreadLocals()) {
                seen[0] = ShadowContextHolder.current();
            }
            seen[1] = ShadowContextHolder.current();
        });
        thread.start();
        thread.join();
        assertThat(seen[0]).isEqualTo(SYNTHETIC);
        assertThat(seen[1]).isNull();
    }

    @Test
    void idsAreBounded() {
        assertThat(new ShadowContext(ShadowMode.SYNTHETIC, MarkerSource.HEADER, "run-42:step.1").id())
                .isEqualTo("run-42:step.1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ShadowContext(ShadowMode.SHADOW, MarkerSource.HEADER, "a b"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ShadowContext(ShadowMode.SHADOW, MarkerSource.HEADER, "x".repeat(65)));
    }
}
