package dev.shadowtx.reliability.markers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A small seeded generator for the fuzz tests: the same seed gives the same values, and every
 * failure message carries the seed and the case number, so a failing case can be replayed with
 * {@code -Dshadowtx.fuzz.seed=<seed>}.
 */
final class Gen {

    private final SplittableRandom random;

    private final long seed;

    Gen(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    static Gen fromSystemProperty() {
        String configured = System.getProperty("shadowtx.fuzz.seed");
        return new Gen((configured != null) ? Long.parseLong(configured) : System.nanoTime());
    }

    long seed() {
        return this.seed;
    }

    int between(int min, int max) {
        return this.random.nextInt(min, max + 1);
    }

    long between(long min, long max) {
        return (max == Long.MAX_VALUE)
                ? min + (this.random.nextLong() & Long.MAX_VALUE) % (max - min)
                : this.random.nextLong(min, max + 1);
    }

    @SafeVarargs
    final <T> T of(T... values) {
        return values[this.random.nextInt(values.length)];
    }

    @SafeVarargs
    final <T> T oneOf(Supplier<T>... generators) {
        return generators[this.random.nextInt(generators.length)].get();
    }

    <T> @Nullable T sometimesNull(Supplier<T> generator) {
        return (this.random.nextInt(4) == 0) ? null : generator.get();
    }

    <T> List<T> list(int min, int max, Supplier<T> generator) {
        int size = between(min, max);
        List<T> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(generator.get());
        }
        return values;
    }

    String string(int minLength, int maxLength, CharSupplier chars) {
        int length = between(minLength, maxLength);
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            value.append(chars.next());
        }
        return value.toString();
    }

    char charIn(char first, char last) {
        return (char) this.random.nextInt(first, last + 1);
    }

    char charOf(String chars) {
        return chars.charAt(this.random.nextInt(chars.length()));
    }

    /**
     * Supplies one character at a time.
     */
    @FunctionalInterface
    interface CharSupplier {

        char next();
    }
}
