package dev.shadowtx.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.context.ShadowMode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Subscribes to reactive handles' publishers as a shadow request does: with the shadow context
 * in the subscriber's Reactor context, where the WebFlux filter puts it.
 */
public final class ShadowSubscriptions {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.PROGRAMMATIC);

    private ShadowSubscriptions() {}

    /**
     * Subscribe to a publisher in shadow and wait for it to complete.
     * @param publisher the publisher
     * @return what it emitted last, or {@code null}
     */
    public static Object blockInShadow(Publisher<?> publisher) {
        return Flux.from(publisher)
                .contextWrite((reactor) -> reactor.put(ShadowContextAccessor.KEY, SHADOW))
                .blockLast(Duration.ofSeconds(10));
    }

    /**
     * Make a call in a shadow unit of work, which must not throw, then subscribe in shadow to the
     * publisher it answers, which must fail with {@link ShadowBlockedException} of a channel.
     * @param channel the channel the refusal names
     * @param write makes the call
     */
    public static void assertRefusedInShadow(String channel, Supplier<? extends Publisher<?>> write) {
        AtomicReference<Publisher<?>> made = new AtomicReference<>();
        ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> made.set(write.get()));
        assertThatExceptionOfType(ShadowBlockedException.class)
                .isThrownBy(() -> blockInShadow(made.get()))
                .satisfies((ex) -> assertThat(ex.getChannel()).isEqualTo(channel));
    }
}
