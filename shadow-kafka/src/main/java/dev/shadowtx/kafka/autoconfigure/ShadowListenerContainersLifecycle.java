package dev.shadowtx.kafka.autoconfigure;

import dev.shadowtx.kafka.consumer.ShadowListenerInstaller;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Installs the shadow interceptors on every listener container just before the containers start,
 * in the earliest lifecycle phase: by then every {@code @KafkaListener} container exists and every
 * container customizer has run, so an interceptor a customizer set directly on a container is
 * wrapped instead of replacing the shadow one, and each container gets an interceptor that knows
 * its own listener id.
 */
final class ShadowListenerContainersLifecycle implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(ShadowListenerContainersLifecycle.class);

    private final ListableBeanFactory beanFactory;

    private final ShadowListenerInstaller installer;

    private volatile boolean running;

    ShadowListenerContainersLifecycle(ListableBeanFactory beanFactory, ShadowListenerInstaller installer) {
        this.beanFactory = beanFactory;
        this.installer = installer;
    }

    @Override
    public void start() {
        Set<MessageListenerContainer> containers = Collections.newSetFromMap(new IdentityHashMap<>());
        this.beanFactory
                .getBeansOfType(ListenerContainerRegistry.class, false, false)
                .values()
                .forEach((registry) -> containers.addAll(registry.getAllListenerContainers()));
        containers.addAll(this.beanFactory
                .getBeansOfType(MessageListenerContainer.class, false, false)
                .values());
        for (MessageListenerContainer container : containers) {
            if (container instanceof AbstractMessageListenerContainer<?, ?> guarded) {
                this.installer.install(guarded);
            } else {
                logger.warn("Listener container '" + container.getListenerId() + "' ("
                        + container.getClass().getName() + ") is not an AbstractMessageListenerContainer: shadowtx "
                        + "cannot bind the shadow context of the records it consumes");
            }
        }
        this.running = true;
    }

    @Override
    public void stop() {
        this.running = false;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
