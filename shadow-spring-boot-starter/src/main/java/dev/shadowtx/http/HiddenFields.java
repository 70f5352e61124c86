package dev.shadowtx.http;

import java.lang.reflect.Field;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;

/**
 * Reads the state Spring's HTTP clients keep to themselves (the request factory of a
 * {@code RestClient}, the connector of a {@code WebClient}, the client library under a request
 * factory), so that the redirects of a client built by hand can be decided. A field that is not
 * there (another Spring version) reads as {@link #MISSING}, and the client is then treated as one
 * the library does not know.
 */
final class HiddenFields {

    /**
     * What {@link #read} returns for a field the object's class does not have.
     */
    static final Object MISSING = new Object();

    private HiddenFields() {}

    /**
     * Read a field of an object, declared by its class or a superclass.
     * @param target the object
     * @param name the field's name
     * @return the value, possibly {@code null}, or {@link #MISSING}
     */
    static @Nullable Object read(Object target, String name) {
        Field field = ReflectionUtils.findField(target.getClass(), name);
        if (field == null || !field.trySetAccessible()) {
            return MISSING;
        }
        return ReflectionUtils.getField(field, target);
    }

    /**
     * Write a field of an object that has it.
     * @param target the object
     * @param name the field's name
     * @param value the new value
     * @return whether the field was written
     */
    static boolean write(Object target, String name, @Nullable Object value) {
        Field field = ReflectionUtils.findField(target.getClass(), name);
        if (field == null || !field.trySetAccessible()) {
            return false;
        }
        ReflectionUtils.setField(field, target, value);
        return true;
    }
}
