package dev.shadowtx.compare.capture.audit;

import dev.shadowtx.compare.capture.ExchangeSink;
import dev.shadowtx.compare.capture.KafkaExchangeSink;
import dev.shadowtx.core.ShadowExempt;
import dev.shadowtx.core.audit.ChannelBean;
import dev.shadowtx.core.audit.ChannelInspector;
import dev.shadowtx.core.audit.ChannelKind;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * The leak audit's inspection of capture: the {@link ExchangeSink} bean is listed as the
 * {@code compare-capture} channel, covered when it is shadowtx's own {@link KafkaExchangeSink}
 * (a {@link ShadowExempt} channel: its producer is made by the module, runs with no shadow
 * context, and publishes exchange records, shadow ones included, to the comparison topic on
 * purpose). A sink the application supplies instead is listed as not covered.
 */
public final class CaptureChannelInspector implements ChannelInspector, Ordered {

    /**
     * The exchange-record publisher's sink.
     */
    public static final ChannelKind COMPARE_CAPTURE = ChannelKind.guardable(
            "compare-capture",
            "it is an ExchangeSink of the application's own, not shadowtx's Kafka sink",
            "remove the ExchangeSink bean so that capture publishes with its own producer, or accept it once "
                    + "its sends are harmless in shadow");

    @Override
    public @Nullable ChannelKind kindOf(Class<?> beanType) {
        return ExchangeSink.class.isAssignableFrom(beanType) ? COMPARE_CAPTURE : null;
    }

    @Override
    public @Nullable String guard(ChannelBean channel) {
        if (channel.existing() instanceof ShadowExempt) {
            return "shadowtx's own channel: exchange records to shadow.compare.topic, with a producer of its own, "
                    + "never rerouted";
        }
        return null;
    }

    @Override
    public int getOrder() {
        return 300;
    }
}
