package dev.shadowtx.feign;

import dev.shadowtx.core.outbound.MarkerPropagation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mutable, case-insensitive copy of a Feign request's headers that {@link MarkerPropagation}
 * can write on.
 */
final class FeignHeaders implements MarkerPropagation.HeaderAccess {

    private final Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    FeignHeaders(Map<String, Collection<String>> original) {
        original.forEach((name, values) -> this.headers.put(name, new ArrayList<>(values)));
    }

    @Override
    public List<String> values(String name) {
        Collection<String> values = this.headers.get(name);
        return (values != null) ? new ArrayList<>(values) : List.of();
    }

    @Override
    public void set(String name, String value) {
        this.headers.remove(name);
        this.headers.put(name, List.of(value));
    }

    @Override
    public void remove(String name) {
        this.headers.remove(name);
    }

    Map<String, Collection<String>> asMap() {
        return this.headers;
    }
}
