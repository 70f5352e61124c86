package dev.shadowtx.observation;

import dev.shadowtx.web.reactive.ShadowWebFilter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Adds the low-cardinality key {@code shadow} ({@code true} or {@code false}) to every WebFlux
 * server observation, so {@code http.server.requests} splits shadow traffic from live as on
 * servlet applications. The mode is read from the exchange attributes, where
 * {@link ShadowWebFilter} stores it; the observation starts before any web filter runs and is
 * mapped when it stops, so the key is right for every exchange that reached the filter.
 */
public class ShadowReactiveServerRequestObservationFilter implements ObservationFilter {

    /**
     * Name of the key.
     */
    public static final String KEY = ShadowKeyValues.KEY;

    @Override
    public Observation.Context map(Observation.Context context) {
        if (context instanceof ServerRequestObservationContext server) {
            boolean shadow = server.getAttributes().get(ShadowWebFilter.CONTEXT_ATTRIBUTE) != null;
            server.addLowCardinalityKeyValue(ShadowKeyValues.of(shadow));
        }
        return context;
    }
}
