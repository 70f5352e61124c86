package dev.shadowtx.stream;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.outbound.StreamBinderGuard;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.integration.support.context.NamedComponent;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;

/**
 * Refuses, in shadow, every message sent to a Spring Cloud Stream output binding (a
 * {@code StreamBridge} destination or a function's output) whose binder no
 * {@link StreamBinderGuard} guards: it throws {@link ShadowBlockedException} before the binder
 * sees the message (Spring Integration delivers it as the cause of a
 * {@code MessageDeliveryException}), and counts the block. Channels that are not bound to a binder
 * (in-process Spring Integration channels) and live messages pass untouched. Registered as a
 * global channel interceptor, which {@code StreamBridge} applies to the channels it creates.
 */
public final class ShadowStreamChannelInterceptor implements ChannelInterceptor {

    private static final String CHANNEL = "stream";

    private final Supplier<BindingService> bindings;

    private final Supplier<BinderFactory> binders;

    private final List<StreamBinderGuard> guards;

    private final Supplier<ShadowRecorder> recorder;

    private final Map<String, Boolean> guardedOutputs = new ConcurrentHashMap<>();

    /**
     * Create the interceptor.
     * @param bindings Spring Cloud Stream's binding service, resolved on first use
     * @param binders its binder factory, resolved on first use
     * @param guards the modules that guard binders
     * @param recorder where blocked sends are counted, resolved on first use
     */
    public ShadowStreamChannelInterceptor(
            Supplier<BindingService> bindings,
            Supplier<BinderFactory> binders,
            List<StreamBinderGuard> guards,
            Supplier<ShadowRecorder> recorder) {
        this.bindings = bindings;
        this.binders = binders;
        this.guards = List.copyOf(guards);
        this.recorder = recorder;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        if (ShadowContextHolder.current() == null || !(channel instanceof NamedComponent named)) {
            return message;
        }
        String name = named.getComponentName();
        if (name == null || this.bindings.get().getProducerBinding(name) == null) {
            return message;
        }
        if (!this.guardedOutputs.computeIfAbsent(name, this::binderIsGuarded)) {
            this.recorder.get().outboundDecision(CHANNEL, "block", name);
            throw new ShadowBlockedException(CHANNEL, "a message to the '" + name + "' binding");
        }
        return message;
    }

    private boolean binderIsGuarded(String bindingName) {
        String binderName = this.bindings.get().getBindingServiceProperties().getBinder(bindingName);
        Object binder = this.binders.get().getBinder(binderName, MessageChannel.class);
        for (StreamBinderGuard guard : this.guards) {
            if (guard.guards(binder)) {
                return true;
            }
        }
        return false;
    }
}
