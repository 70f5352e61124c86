package dev.shadowtx.compare.analyzer;

import java.util.regex.Pattern;

/**
 * A field path pattern as users write it in rules: {@code body.createdAt},
 * {@code body.items[*].id}, {@code body.*.id} ({@code *} is one path segment) or
 * {@code body.meta.**} ({@code **} is any remainder).
 */
final class PathPattern {

    private final String source;

    private final Pattern regex;

    private PathPattern(String source, Pattern regex) {
        this.source = source;
        this.regex = regex;
    }

    static PathPattern of(String pattern) {
        String trimmed = pattern.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty path pattern");
        }
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < trimmed.length()) {
            if (trimmed.startsWith("[*]", i)) {
                regex.append(Pattern.quote("[*]"));
                i += 3;
            } else if (trimmed.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (trimmed.charAt(i) == '*') {
                regex.append("[^.\\[]*");
                i++;
            } else {
                int next = i;
                while (next < trimmed.length() && trimmed.charAt(next) != '*' && !trimmed.startsWith("[*]", next)) {
                    next++;
                }
                regex.append(Pattern.quote(trimmed.substring(i, next)));
                i = next;
            }
        }
        return new PathPattern(trimmed, Pattern.compile(regex.toString()));
    }

    boolean matches(String path) {
        return this.regex.matcher(path).matches();
    }

    @Override
    public String toString() {
        return this.source;
    }
}
