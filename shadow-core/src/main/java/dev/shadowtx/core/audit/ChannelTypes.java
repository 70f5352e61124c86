package dev.shadowtx.core.audit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ConcurrentReferenceHashMap;

/**
 * Types that identify a kind of channel, held by name so that none of them needs to be on the
 * classpath: a bean type matches when it is one of them or extends or implements one.
 */
public final class ChannelTypes {

    private static final Map<Class<?>, Set<String>> HIERARCHY_NAMES = new ConcurrentReferenceHashMap<>(256);

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
        Set<String> hierarchy = hierarchyNames(type);
        for (String name : this.names) {
            if (hierarchy.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Return the names of a type, its superclasses and every interface they implement: walked once
     * per type, however many channel types (and bean post-processors at startup) ask about it.
     * The answers are kept the way Spring keeps its own per-class answers, in a map that lets the
     * classes go under memory pressure.
     */
    private static Set<String> hierarchyNames(Class<?> type) {
        Set<String> names = HIERARCHY_NAMES.get(type);
        if (names == null) {
            names = walk(type);
            HIERARCHY_NAMES.put(type, names);
        }
        return names;
    }

    private static Set<String> walk(Class<?> type) {
        Deque<Class<?>> pending = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        Set<String> names = new HashSet<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Class<?> current = pending.poll();
            if (!seen.add(current)) {
                continue;
            }
            names.add(current.getName());
            @Nullable Class<?> superclass = current.getSuperclass();
            if (superclass != null && superclass != Object.class) {
                pending.add(superclass);
            }
            for (Class<?> implemented : current.getInterfaces()) {
                pending.add(implemented);
            }
        }
        return Set.copyOf(names);
    }
}
