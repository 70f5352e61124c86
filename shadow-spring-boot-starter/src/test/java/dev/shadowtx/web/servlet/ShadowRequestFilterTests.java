package dev.shadowtx.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.marker.HeaderDetector;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.metrics.ShadowRecorder;
import jakarta.servlet.FilterChain;
import java.util.ArrayList;
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
        assertThat(filteredAttributesSeenByTheChain(filter)).containsExactly("shadowRequestFilter.FILTERED");
    }

    @Test
    void marksRequestsFilteredUnderItsClassNameWhenNeverInitialised() throws Exception {
        assertThat(filteredAttributesSeenByTheChain(filter()))
                .containsExactly(ShadowRequestFilter.class.getName() + ".FILTERED");
    }

    private static ShadowRequestFilter filter() {
        return new ShadowRequestFilter(new HeaderDetector("X-Shadow"), TrustPolicy.ANY, ShadowRecorder.NOOP);
    }

    private static List<String> filteredAttributesSeenByTheChain(ShadowRequestFilter filter) throws Exception {
        List<String> seen = new ArrayList<>();
        FilterChain chain =
                (request, response) -> request.getAttributeNames().asIterator().forEachRemaining((name) -> {
                    if (name.endsWith(".FILTERED")) {
                        seen.add(name);
                    }
                });
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
        filter.doFilter(request, new MockHttpServletResponse(), chain);
        return seen;
    }
}
