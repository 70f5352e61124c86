package dev.shadowtx.handles;

import dev.shadowtx.core.ShadowExempt;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Guards the client beans of one technology as they are created, and what the other beans of
 * that technology write through (see {@link HandleRules#guardHeld}). Beans that implement
 * {@link ShadowExempt} are left as they are.
 */
public final class ShadowHandlePostProcessor implements BeanPostProcessor, Ordered {

    private final GuardedHandles handles;

    /**
     * Create the post-processor of one technology.
     * @param handles the guard of that technology
     */
    public ShadowHandlePostProcessor(GuardedHandles handles) {
        this.handles = handles;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ShadowExempt || bean instanceof GuardedHandle) {
            return bean;
        }
        if (this.handles.rules().isHandle(bean)) {
            this.handles.rules().beforeGuard(bean);
            return this.handles.guard(bean, beanName);
        }
        Object holder = this.handles.rules().guardHeld(bean, (handle) -> this.handles.guard(handle, beanName));
        if (holder == null) {
            return bean;
        }
        GuardedHandles.holdsGuarded(holder);
        return holder;
    }

    /**
     * Before the leak audit's monitor, which then sees the guarded handle.
     * @return an order just before the lowest precedence
     */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 100;
    }
}
