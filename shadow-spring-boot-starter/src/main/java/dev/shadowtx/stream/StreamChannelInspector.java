package dev.shadowtx.stream;

import dev.shadowtx.core.audit.ChannelBean;
import dev.shadowtx.core.audit.ChannelInspector;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.audit.ChannelTypes;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * The leak audit's inspection of Spring Cloud Stream's {@code StreamBridge}: guarded while the
 * stream guard is on, since every binding it sends to is either guarded by its binder's module
 * or refused in shadow by {@link ShadowStreamChannelInterceptor}.
 */
public final class StreamChannelInspector implements ChannelInspector, Ordered {

    /**
     * The bean name of the interceptor that refuses shadow messages to unguarded binders.
     */
    public static final String STREAM_GUARD = "shadowStreamChannelInterceptor";

    /**
     * Spring Cloud Stream's {@code StreamBridge}.
     */
    public static final ChannelKind STREAM = ChannelKind.guardable(
            "stream",
            "its shadow sends reach the binder",
            "keep shadow.stream.guard=true (the default) so that shadow sends to unguarded binders are refused");

    private static final ChannelTypes TYPES =
            ChannelTypes.named("org.springframework.cloud.stream.function.StreamBridge");

    @Override
    public @Nullable ChannelKind kindOf(Class<?> beanType) {
        return TYPES.matches(beanType) ? STREAM : null;
    }

    @Override
    public @Nullable String guard(ChannelBean channel) {
        return channel.beanFactory().containsBean(STREAM_GUARD)
                ? "shadow sends go through a binder's own guard (the Kafka binder with shadow-kafka) or are refused"
                : null;
    }

    @Override
    public int getOrder() {
        return 100;
    }
}
