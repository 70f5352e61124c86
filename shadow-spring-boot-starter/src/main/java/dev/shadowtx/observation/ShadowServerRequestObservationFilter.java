package dev.shadowtx.observation;

import dev.shadowtx.web.servlet.ShadowRequestFilter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Adds the low-cardinality key {@code shadow} ({@code true} or {@code false}) to every servlet
 * server observation, so the {@code http.server.requests} meters and traces can split shadow
 * traffic from live with one tag: live SLO dashboards filter on {@code shadow="false"}.
 * <p>
 * The mode is read from the request, where {@link ShadowRequestFilter} stores it, so the key is
 * right even when the observation stops on another thread (async requests).
 */
public class ShadowServerRequestObservationFilter implements ObservationFilter {

    /**
     * Name of the key.
     */
    public static final String KEY = ShadowKeyValues.KEY;

    @Override
    public Observation.Context map(Observation.Context context) {
        if (context instanceof ServerRequestObservationContext server) {
            jakarta.servlet.http.HttpServletRequest request = server.getCarrier();
            boolean shadow = request != null && request.getAttribute(ShadowRequestFilter.CONTEXT_ATTRIBUTE) != null;
            server.addLowCardinalityKeyValue(ShadowKeyValues.of(shadow));
        }
        return context;
    }
}
