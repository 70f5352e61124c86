package dev.shadowtx.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.async.autoconfigure.ShadowAsyncAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Under {@code spring.main.lazy-initialization=true} nothing may ask for the bean that turns on
 * Reactor's context propagation: it must be on once the context has started, or a shadow
 * request's work on a Reactor scheduler runs live. Reactor's hook is global, so each test starts
 * with it off.
 */
class ReactorUnderLazyInitializationTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(
                    (context) -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
            .withConfiguration(
                    AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowAsyncAutoConfiguration.class));

    @BeforeEach
    void propagationOff() {
        Hooks.disableAutomaticContextPropagation();
    }

    @AfterEach
    void propagationBackOn() {
        ShadowContextHolder.clear();
        // as every other context of this JVM with shadowtx on left it
        Hooks.enableAutomaticContextPropagation();
    }

    @Test
    void shadowWorkOnABoundedElasticThreadStaysShadow() {
        this.runner.run((context) -> {
            String shadow;
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                shadow = modeOnBoundedElastic();
            }
            assertThat(shadow).isEqualTo("shadow");
            assertThat(modeOnBoundedElastic()).isEqualTo("live");
        });
    }

    @Test
    void leftOffWhenReactorPropagationIsSwitchedOff() {
        this.runner.withPropertyValues("shadow.async.reactor=false").run((context) -> {
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                assertThat(modeOnBoundedElastic()).isEqualTo("live");
            }
        });
    }

    private static String modeOnBoundedElastic() {
        return Mono.fromCallable(() -> ShadowContextHolder.currentMode()
                        .map(ShadowMode::markerValue)
                        .orElse("live"))
                .subscribeOn(Schedulers.boundedElastic())
                .block(Duration.ofSeconds(10));
    }
}
