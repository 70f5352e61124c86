package dev.shadowtx.handles;

import java.lang.reflect.Method;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What one technology's client handles may do in shadow. A call is allowed only when the rules
 * know it reads; anything else (writes, administration, raw commands, methods added by a later
 * client version) is blocked, so that an unknown call errs on the shadow side.
 */
public interface HandleRules {

    /**
     * Return the side-effect channel of these handles, used in the {@code channel} tag and in
     * {@link dev.shadowtx.core.ShadowBlockedException}.
     * @return a short lowercase name, for example {@code mongo}
     */
    String channel();

    /**
     * Whether a value is a handle to guard: a client bean, or what a guarded handle returns and
     * through which writes can be made (a database from a client, a connection from a factory).
     * @param value the bean or the returned value
     * @return {@code true} to guard it
     */
    boolean isHandle(Object value);

    /**
     * Whether a call only reads, so that it may run in shadow.
     * @param target the handle called
     * @param method the method called
     * @param arguments its arguments
     * @return {@code true} for a read
     */
    boolean isRead(Object target, Method method, @Nullable Object[] arguments);

    /**
     * Guard what a call receives and can write through, such as the callback a template hands
     * its raw database to. Replaces elements of {@code arguments} in place.
     * @param method the method called
     * @param arguments its arguments, changed in place
     * @param guard puts the guard on a handle
     */
    default void guardArguments(Method method, @Nullable Object[] arguments, UnaryOperator<Object> guard) {}

    /**
     * Prepare a bean that is about to be guarded as a whole: a bean that holds a handle which is
     * guarded itself (a database factory over a guarded client bean) may need that handle bare,
     * so that what it hands out is guarded once, by the guard of the bean, and not also below
     * the objects a library puts in between (MongoDB's session-bound databases decorate only
     * handles that are no JDK proxies).
     * @param bean the bean {@link #isHandle} accepted
     */
    default void beforeGuard(Object bean) {}

    /**
     * Put the guard on what a bean that is no handle itself writes through (a template's
     * connection factory built inline). Called for every bean that {@link #isHandle} rejects.
     * @param bean the bean
     * @param guard puts the guard on a handle
     * @return the bean to use in its place, whose writes now go through guarded handles only
     *     ({@code bean} itself, or a copy of it built over guarded handles), or {@code null} when
     *     the bean is no such channel or cannot be guarded so
     */
    default @Nullable Object guardHeld(Object bean, UnaryOperator<Object> guard) {
        return null;
    }
}
