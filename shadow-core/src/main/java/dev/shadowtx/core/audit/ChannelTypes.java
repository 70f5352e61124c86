package dev.shadowtx.core.audit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ConcurrentReferenceHashMap;

/**
 * Types that identify a kind of channel, held by name so that none of them needs to be on the
 * classpath: a bean type matches when it is one of them or extends or implements one.
 */
public final class ChannelTypes {

    private static final Map<Class<?>, Set<String>> HIERARCHY_NAMES = new ConcurrentReferenceHashMap<>(256);

    private final Predicate<Set<String>> hierarchyMatch;

    private ChannelTypes(Predicate<Set<String>> hierarchyMatch) {
        this.hierarchyMatch = hierarchyMatch;
    }

    /**
     * Hold the types with these names.
     * @param classNames fully-qualified class names, nested types with {@code $}
     * @return the types
     */
    public static ChannelTypes named(String... classNames) {
        Set<String> names = Set.of(classNames);
        return new ChannelTypes((hierarchy) -> {
            for (String name : names) {
                if (hierarchy.contains(name)) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * Hold the types whose simple name ends with a suffix, outside some packages: the way to
     * recognise clients of libraries nobody listed (a vendor SDK's {@code ...Client}).
     * @param simpleNameSuffix the end of the simple name, for example {@code Client}
     * @param excludedPackages package prefixes whose types never match, for example
     * {@code org.springframework.}
     * @return the types
     */
    public static ChannelTypes endingWith(String simpleNameSuffix, String... excludedPackages) {
        List<String> excluded = List.of(excludedPackages);
        return new ChannelTypes((hierarchy) -> {
            for (String name : hierarchy) {
                if (simpleName(name).endsWith(simpleNameSuffix)
                        && excluded.stream().noneMatch(name::startsWith)) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * Whether a type is one of these types, or a subtype of one.
     * @param type the type to check
     * @return {@code true} when a class or interface of its hierarchy has one of the names
     */
    public boolean matches(Class<?> type) {
        return this.hierarchyMatch.test(hierarchyNames(type));
    }

    private static String simpleName(String className) {
        return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
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
