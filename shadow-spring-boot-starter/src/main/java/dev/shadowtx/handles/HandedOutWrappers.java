package dev.shadowtx.handles;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What each method of one wrapped object handed out last, with the wrapper made for it: a method
 * that hands out the same object again (a template's database factory, a connection factory, an
 * operations object) hands out the same wrapper, made once, so that the caller sees one object
 * (equal to itself, one key for resources bound to it) instead of a new wrapper on every call.
 */
public final class HandedOutWrappers {

    private final Map<Method, HandedOut> last = new ConcurrentHashMap<>();

    /**
     * Return the wrapper of what a method handed out: the one made last time when the method
     * handed out the same object, a new one otherwise (then kept for next time).
     * @param method the method that handed the object out
     * @param handedOut what it handed out
     * @param wrap makes the wrapper
     * @return the wrapper
     */
    public Object wrapperOf(Method method, Object handedOut, Supplier<Object> wrap) {
        HandedOut previous = this.last.get(method);
        if (previous != null && previous.handle() == handedOut) {
            return previous.wrapper();
        }
        Object wrapper = wrap.get();
        this.last.put(method, new HandedOut(handedOut, wrapper));
        return wrapper;
    }

    /**
     * An object a method handed out, and its wrapper.
     */
    private record HandedOut(Object handle, Object wrapper) {}
}
