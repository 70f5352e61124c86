package dev.shadowtx.core.audit;

import org.jspecify.annotations.Nullable;

/**
 * The leak audit's extension point: recognises the beans that are side-effect channels of one
 * technology and tells what guards each of them. Each module contributes the inspection of its own
 * channels, so the audit itself knows no technology.
 * <p>
 * Implementations are listed in {@code META-INF/spring.factories} under
 * {@code dev.shadowtx.core.audit.ChannelInspector}, need a public no-argument constructor, and are
 * consulted in {@link org.springframework.core.Ordered order}: a bean is listed under the first
 * kind an inspector recognises. They are loaded before any bean exists, so they hold no state of
 * the application; everything they judge comes from the {@link ChannelBean}. An inspector must not
 * require the libraries it recognises on the classpath (recognise them by name), or be listed only
 * in the module that brings them.
 */
public interface ChannelInspector {

    /**
     * Return the kind of channel the beans of a type are.
     * @param beanType the type of a bean (the user class, or a proxy's)
     * @return the kind, or {@code null} when this inspector does not recognise the type
     */
    @Nullable
    ChannelKind kindOf(Class<?> beanType);

    /**
     * Tell what guards a channel this inspector recognised.
     * @param channel the bean, its name and the kind {@link #kindOf} returned
     * @return how it is guarded, shown in the audit (for example {@code JDBC guard: shadow commits
     * become rollbacks}), or {@code null} when no guard covers it
     */
    @Nullable
    String guard(ChannelBean channel);

    /**
     * Whether the runtime monitor wraps a created channel so that its calls in shadow are counted
     * and, while the audit finds it uncovered, refused. By default only the channels no guard can
     * cover are wrapped; an inspector whose guarded kind can still be built without its guard
     * (a client made by hand) watches those instances too.
     * @param kind the kind {@link #kindOf} returned for the bean's class
     * @param bean the initialised bean
     * @return {@code true} to wrap it
     */
    default boolean isWatched(ChannelKind kind, Object bean) {
        return !kind.isGuardable();
    }
}
