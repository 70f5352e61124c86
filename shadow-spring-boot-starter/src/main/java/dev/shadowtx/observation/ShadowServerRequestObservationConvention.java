package dev.shadowtx.observation;

import dev.shadowtx.web.servlet.ShadowRequestFilter;
import io.micrometer.common.KeyValues;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Spring's default convention for servlet server observations with the low-cardinality key
 * {@code shadow} ({@code true} or {@code false}) among its key values, built in one go.
 * <p>
 * The key values and the contextual name are those of {@link DefaultServerRequestObservationConvention}
 * plus the {@code shadow} key, answered for the same request method, response status, path pattern
 * and shadow mode from instances kept after the first request of that shape: a request without an
 * error then allocates none of them (the default convention makes the {@code method},
 * {@code status} and {@code uri} values, their array and the contextual name again for every
 * request). At most {@value #MAX_PATTERNS} path patterns and {@value #MAX_SHAPES} method and status
 * pairs per pattern are kept; the others, and requests with an error, are answered as the default
 * convention answers them, with the key added.
 * <p>
 * The mode is read from the request, where {@link ShadowRequestFilter} stores it.
 * {@link ShadowServerRequestObservationFilter} still adds the key to observations of any other
 * convention; on observations of this one it finds the key in place.
 */
public final class ShadowServerRequestObservationConvention extends DefaultServerRequestObservationConvention {

    /**
     * The most path patterns whose key values are kept.
     */
    static final int MAX_PATTERNS = 512;

    /**
     * The most method and status pairs kept per path pattern.
     */
    static final int MAX_SHAPES = 32;

    private final ConcurrentHashMap<String, Shapes> byPattern = new ConcurrentHashMap<>();

    private final Shapes withoutPattern = new Shapes();

    /**
     * Create the convention with the default name, {@code http.server.requests}.
     */
    public ShadowServerRequestObservationConvention() {
        super();
    }

    /**
     * Create the convention with the observation's name.
     * @param name the name of the observation (and of its timer)
     */
    public ShadowServerRequestObservationConvention(String name) {
        super(name);
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
        HttpServletRequest request = context.getCarrier();
        boolean shadow = isShadow(request);
        HttpServletResponse response = context.getResponse();
        if (context.getError() != null || request == null || response == null) {
            return super.getLowCardinalityKeyValues(context).and(ShadowKeyValues.of(shadow));
        }
        String method = request.getMethod();
        Shapes shapes = shapes(context.getPathPattern());
        if (shapes == null || method == null) {
            return super.getLowCardinalityKeyValues(context).and(ShadowKeyValues.of(shadow));
        }
        int status = response.getStatus();
        Shape shape = shapes.find(method, status);
        if (shape == null) {
            shape = shapes.add(new Shape(
                    method,
                    status,
                    super.getLowCardinalityKeyValues(context).and(ShadowKeyValues.of(false)),
                    super.getLowCardinalityKeyValues(context).and(ShadowKeyValues.of(true)),
                    super.getContextualName(context)));
        }
        return shadow ? shape.shadow() : shape.live();
    }

    @Override
    public @Nullable String getContextualName(ServerRequestObservationContext context) {
        HttpServletRequest request = context.getCarrier();
        HttpServletResponse response = context.getResponse();
        if (request != null && response != null && request.getMethod() != null) {
            Shapes shapes = existingShapes(context.getPathPattern());
            if (shapes != null) {
                Shape shape = shapes.find(request.getMethod(), response.getStatus());
                if (shape != null) {
                    return shape.contextualName();
                }
            }
        }
        return super.getContextualName(context);
    }

    private static boolean isShadow(@Nullable HttpServletRequest request) {
        return request != null && request.getAttribute(ShadowRequestFilter.CONTEXT_ATTRIBUTE) != null;
    }

    private @Nullable Shapes existingShapes(@Nullable String pattern) {
        return (pattern != null) ? this.byPattern.get(pattern) : this.withoutPattern;
    }

    private @Nullable Shapes shapes(@Nullable String pattern) {
        if (pattern == null) {
            return this.withoutPattern;
        }
        Shapes shapes = this.byPattern.get(pattern);
        if (shapes == null && this.byPattern.size() < MAX_PATTERNS) {
            shapes = this.byPattern.computeIfAbsent(pattern, (key) -> new Shapes());
        }
        return shapes;
    }

    /**
     * The key values and contextual name of one request method and response status on one path
     * pattern, without an error.
     */
    private record Shape(
            String method,
            int status,
            KeyValues live,
            KeyValues shadow,
            @Nullable String contextualName) {

        boolean matches(String method, int status) {
            return this.status == status && this.method.equals(method);
        }
    }

    /**
     * The shapes seen on one path pattern; read without locking, added to by copying.
     */
    private static final class Shapes {

        private volatile Shape[] shapes = new Shape[0];

        @Nullable
        Shape find(String method, int status) {
            for (Shape shape : this.shapes) {
                if (shape.matches(method, status)) {
                    return shape;
                }
            }
            return null;
        }

        synchronized Shape add(Shape shape) {
            Shape[] current = this.shapes;
            for (Shape existing : current) {
                if (existing.matches(shape.method(), shape.status())) {
                    return existing;
                }
            }
            if (current.length < MAX_SHAPES) {
                Shape[] grown = Arrays.copyOf(current, current.length + 1);
                grown[current.length] = shape;
                this.shapes = grown;
            }
            return shape;
        }
    }
}
