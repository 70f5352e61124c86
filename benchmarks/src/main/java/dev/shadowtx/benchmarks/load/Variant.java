package dev.shadowtx.benchmarks.load;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How the benchmark application is started.
 */
enum Variant {

    /**
     * shadowtx not on the class path at all: the physical limit.
     */
    ABSENT("absent", null),

    /**
     * The starter on the class path, switched off ({@code shadow.enabled=false}).
     */
    OFF("off", "--shadow.enabled=false"),

    /**
     * The starter on the class path with its defaults ({@code shadow.enabled=true}).
     */
    ON("on", "--shadow.enabled=true");

    private final String label;

    private final @Nullable String argument;

    Variant(String label, @Nullable String argument) {
        this.label = label;
        this.argument = argument;
    }

    String label() {
        return this.label;
    }

    /**
     * Return the application arguments that select this variant.
     */
    List<String> arguments() {
        String argument = this.argument;
        return (argument != null) ? List.of(argument) : List.of();
    }

    /**
     * Return the class path to start the application with: the driver's own less the
     * benchmark-only libraries, and less shadowtx's modules for {@link #ABSENT}.
     * @param classPath the driver's class path
     */
    String classPath(String classPath) {
        List<String> kept = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!isBenchmarkOnly(entry) && (this != ABSENT || !isShadowtxModule(entry))) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    /**
     * Whether a class path entry serves only the JMH benchmarks (Netty, Reactor and Reactor Netty,
     * for the reactive marker decision): the application is a servlet one and must not see them, or
     * Spring and shadowtx would switch on their Reactor support.
     */
    static boolean isBenchmarkOnly(String entry) {
        String normalized = entry.replace('\\', '/');
        String name = normalized.substring(normalized.lastIndexOf('/') + 1);
        return name.startsWith("netty-") || name.startsWith("reactor-core-") || name.startsWith("reactor-netty-");
    }

    static boolean isShadowtxModule(String entry) {
        String normalized = entry.replace('\\', '/');
        String name = normalized.substring(normalized.lastIndexOf('/', normalized.length() - 2) + 1);
        return name.startsWith("shadow-")
                || normalized.contains("/shadow-core/")
                || normalized.contains("/shadow-spring-boot-starter/")
                || normalized.contains("/shadow-kafka/")
                || normalized.contains("/shadow-feign/");
    }
}
