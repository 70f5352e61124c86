package dev.shadowtx.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.HeaderDetector;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.metrics.ShadowRecorder;
import jakarta.servlet.FilterChain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterConfig;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ShadowRequestFilterTests {

    @Test
    void marksRequestsFilteredUnderTheNameTheContainerGaveTheFilter() throws Exception {
        ShadowRequestFilter filter = filter();
        filter.init(new MockFilterConfig("shadowRequestFilter"));
        assertThat(filteredAttributesSeenByTheChain(filter, marked())).containsExactly("shadowRequestFilter.FILTERED");
    }

    @Test
    void marksRequestsFilteredUnderItsClassNameWhenNeverInitialised() throws Exception {
        assertThat(filteredAttributesSeenByTheChain(filter(), marked()))
                .containsExactly(ShadowRequestFilter.class.getName() + ".FILTERED");
    }

    @Test
    void sendsAnUnmarkedRequestDownTheChainWithNoAttributeAndNoContext() throws Exception {
        ShadowRequestFilter filter = filter();
        filter.init(new MockFilterConfig("shadowRequestFilter"));
        List<Boolean> shadow = new ArrayList<>();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
        filter.doFilter(
                request,
                new MockHttpServletResponse(),
                (req, res) -> shadow.add(ShadowContextHolder.isShadow()
                        || Collections.list(req.getAttributeNames()).size() > 0));
        assertThat(shadow).containsExactly(false);
    }

    @Test
    void clearsAStaleContextForAnUnmarkedRequest() throws Exception {
        List<Boolean> shadow = new ArrayList<>();
        try (ShadowContextHolder.Scope stale =
                ShadowContextHolder.bind(ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER))) {
            filter().doFilter(
                            new MockHttpServletRequest("GET", "/orders"),
                            new MockHttpServletResponse(),
                            (req, res) -> shadow.add(ShadowContextHolder.isShadow()));
        }
        assertThat(shadow).containsExactly(false);
    }

    private static ShadowRequestFilter filter() {
        return new ShadowRequestFilter(new HeaderDetector("X-Shadow"), TrustPolicy.ANY, ShadowRecorder.NOOP);
    }

    private static MockHttpServletRequest marked() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
        request.addHeader("X-Shadow", "shadow");
        return request;
    }

    private static List<String> filteredAttributesSeenByTheChain(
            ShadowRequestFilter filter, MockHttpServletRequest request) throws Exception {
        List<String> seen = new ArrayList<>();
        FilterChain chain = (req, res) -> req.getAttributeNames().asIterator().forEachRemaining((name) -> {
            if (name.endsWith(".FILTERED")) {
                seen.add(name);
            }
        });
        filter.doFilter(request, new MockHttpServletResponse(), chain);
        return seen;
    }
}
