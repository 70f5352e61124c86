package dev.shadowtx.benchmarks;

import dev.shadowtx.observation.ShadowServerRequestObservationConvention;
import dev.shadowtx.observation.ShadowServerRequestObservationFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerHttpObservationDocumentation;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

/**
 * One live server observation of a servlet request, started and stopped as Spring's
 * {@code ServerHttpObservationFilter} does, with Micrometer's meter handler on a
 * {@link SimpleMeterRegistry} (the {@code http.server.requests} timer), per way of carrying the
 * {@code shadow} key: {@code spring} (Spring's default convention, no key: shadowtx off),
 * {@code spring-and-filter} (the default convention and {@link ShadowServerRequestObservationFilter}
 * adding the key: an application with a convention of its own), {@code shadowtx}
 * ({@link ShadowServerRequestObservationConvention} and the filter, as the starter configures them).
 * The request is Tomcat's own, with its response's status 200 and the path pattern set as Spring
 * MVC sets it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ServerObservationBenchmark {

    private static final ServerRequestObservationConvention DEFAULT = new DefaultServerRequestObservationConvention();

    /**
     * How the key is carried, see the class' description.
     */
    @Param({"spring", "spring-and-filter", "shadowtx"})
    public String convention = "shadowtx";

    private ObservationRegistry registry = ObservationRegistry.create();

    private ServerRequestObservationConvention chosen = new DefaultServerRequestObservationConvention();

    private Fixtures.Exchange exchange = Fixtures.exchange("unmarked");

    @Setup
    public void setUp() {
        MeterRegistry meters = new SimpleMeterRegistry();
        this.registry = ObservationRegistry.create();
        this.registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        this.chosen = switch (this.convention) {
            case "spring" -> new DefaultServerRequestObservationConvention();
            case "spring-and-filter" -> {
                this.registry.observationConfig().observationFilter(new ShadowServerRequestObservationFilter());
                yield new DefaultServerRequestObservationConvention();
            }
            case "shadowtx" -> {
                this.registry.observationConfig().observationFilter(new ShadowServerRequestObservationFilter());
                yield new ShadowServerRequestObservationConvention();
            }
            default -> throw new IllegalArgumentException("Unknown convention " + this.convention);
        };
        this.exchange = Fixtures.exchange("unmarked");
        this.exchange.response().setStatus(200);
    }

    @Benchmark
    public Observation.Context observe() {
        ServerRequestObservationContext context =
                new ServerRequestObservationContext(this.exchange.request(), this.exchange.response());
        Observation observation = ServerHttpObservationDocumentation.HTTP_SERVLET_SERVER_REQUESTS.observation(
                this.chosen, DEFAULT, () -> context, this.registry);
        observation.start();
        context.setPathPattern("/orders");
        observation.stop();
        return context;
    }
}
