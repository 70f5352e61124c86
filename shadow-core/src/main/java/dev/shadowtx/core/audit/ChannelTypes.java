package dev.shadowtx.core.audit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Types that identify a kind of channel, held by name so that none of them needs to be on the
 * classpath: a bean type matches when it is one of them or extends or implements one.
 */
public final class ChannelTypes {

    private final Set<String> names;

    private ChannelTypes(Set<String> names) {
        this.names = names;
    }

    /**
     * Hold the types with these names.
     * @param classNames fully-qualified class names, nested types with {@code $}
     * @return the types
     */
    public static ChannelTypes named(String... classNames) {
        return new ChannelTypes(Set.of(classNames));
    }

    /**
     * Whether a type is one of these types, or a subtype of one.
     * @param type the type to check
     * @return {@code true} when a class or interface of its hierarchy has one of the names
     */
    public boolean matches(Class<?> type) {
        Deque<Class<?>> pending = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Class<?> current = pending.poll();
            if (!seen.add(current)) {
                continue;
            }
            if (this.names.contains(current.getName())) {
                return true;
            }
            @Nullable Class<?> superclass = current.getSuperclass();
            if (superclass != null && superclass != Object.class) {
                pending.add(superclass);
            }
            for (Class<?> implemented : current.getInterfaces()) {
                pending.add(implemented);
            }
        }
        return false;
    }
}
