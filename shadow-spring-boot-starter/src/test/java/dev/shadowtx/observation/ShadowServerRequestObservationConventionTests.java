package dev.shadowtx.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.web.servlet.ShadowRequestFilter;
import io.micrometer.common.KeyValues;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ShadowServerRequestObservationConventionTests {

    private final DefaultServerRequestObservationConvention spring = new DefaultServerRequestObservationConvention();

    private final ShadowServerRequestObservationConvention convention = new ShadowServerRequestObservationConvention();

    @Test
    void answersAsSpringsDefaultConventionWithTheShadowKeyForEveryShapeOfRequest() {
        List<ServerRequestObservationContext> contexts = new ArrayList<>();
        for (String method : List.of("GET", "POST", "PATCH", "PROPFIND")) {
            for (int status : new int[] {200, 201, 302, 404, 500, 503, 299}) {
                for (String pattern : new String[] {"/orders", "/orders/{id}", "", null}) {
                    for (boolean shadow : new boolean[] {false, true}) {
                        contexts.add(context(method, status, pattern, shadow, null));
                        contexts.add(context(method, status, pattern, shadow, new IllegalStateException()));
                    }
                }
            }
        }
        // twice: the first answer of a shape is built, the second is the one kept
        for (int pass = 0; pass < 2; pass++) {
            for (ServerRequestObservationContext context : contexts) {
                assertThat(this.convention.getLowCardinalityKeyValues(context))
                        .containsExactlyElementsOf(expected(context));
                assertThat(this.convention.getContextualName(context))
                        .isEqualTo(this.spring.getContextualName(context));
                assertThat(this.convention.getHighCardinalityKeyValues(context))
                        .containsExactlyElementsOf(this.spring.getHighCardinalityKeyValues(context));
            }
        }
    }

    @Test
    void aRequestAfterTheShapeKeyTurnsShadowGetsTheShadowValue() {
        ServerRequestObservationContext live = context("GET", 200, "/orders", false, null);
        ServerRequestObservationContext shadow = context("GET", 200, "/orders", true, null);
        assertThat(this.convention.getLowCardinalityKeyValues(live)).contains(ShadowKeyValues.of(false));
        assertThat(this.convention.getLowCardinalityKeyValues(shadow)).contains(ShadowKeyValues.of(true));
        assertThat(this.convention.getLowCardinalityKeyValues(live)).contains(ShadowKeyValues.of(false));
    }

    @Test
    void patternsBeyondTheKeptOnesAreStillAnsweredRight() {
        for (int i = 0; i < ShadowServerRequestObservationConvention.MAX_PATTERNS + 100; i++) {
            ServerRequestObservationContext context = context("GET", 200, "/p" + i, i % 2 == 0, null);
            assertThat(this.convention.getLowCardinalityKeyValues(context))
                    .containsExactlyElementsOf(expected(context));
            assertThat(this.convention.getContextualName(context)).isEqualTo(this.spring.getContextualName(context));
        }
        for (int status = 100; status < 100 + ShadowServerRequestObservationConvention.MAX_SHAPES + 20; status++) {
            ServerRequestObservationContext context = context("GET", status, "/orders", false, null);
            assertThat(this.convention.getLowCardinalityKeyValues(context))
                    .containsExactlyElementsOf(expected(context));
        }
    }

    @Test
    void aRepeatedLiveRequestAllocatesNoKeyValuesNorName() {
        ServerRequestObservationContext context = context("GET", 200, "/orders", false, null);
        long spring = allocatedPerCall(() -> {
            this.spring.getLowCardinalityKeyValues(context);
            this.spring.getContextualName(context);
        });
        long ours = allocatedPerCall(() -> {
            this.convention.getLowCardinalityKeyValues(context);
            this.convention.getContextualName(context);
        });
        assertThat(spring).isGreaterThan(100);
        assertThat(ours).isZero();
    }

    private KeyValues expected(ServerRequestObservationContext context) {
        boolean shadow = context.getCarrier().getAttribute(ShadowRequestFilter.CONTEXT_ATTRIBUTE) != null;
        return this.spring
                .getLowCardinalityKeyValues(context)
                .and(ShadowServerRequestObservationFilter.KEY, shadow ? "true" : "false");
    }

    private static long allocatedPerCall(Runnable call) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int calls = 20_000;
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        long after = threads.getCurrentThreadAllocatedBytes();
        return (after - before) / calls;
    }

    private static ServerRequestObservationContext context(
            String method, int status, @Nullable String pattern, boolean shadow, @Nullable Throwable error) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/orders/7");
        if (shadow) {
            request.setAttribute(ShadowRequestFilter.CONTEXT_ATTRIBUTE, "shadow context");
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setStatus(status);
        ServerRequestObservationContext context = new ServerRequestObservationContext(request, response);
        context.setPathPattern(pattern);
        context.setError(error);
        return context;
    }
}
