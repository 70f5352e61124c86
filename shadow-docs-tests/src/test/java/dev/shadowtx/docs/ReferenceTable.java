package dev.shadowtx.docs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a reference page documents: the back-quoted names in the first cell of its table
 * rows. A cell may list siblings in short form ({@code `a.b.c` / `.d`} documents {@code a.b.c}
 * and {@code a.b.d}: a short name replaces as many trailing segments as it has).
 */
final class ReferenceTable {

    private static final Pattern ROW = Pattern.compile("(?m)^\\|\\s*(`[^|]*)\\|");

    private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");

    private ReferenceTable() {}

    static Set<String> names(String page, String prefix) {
        Set<String> names = new LinkedHashSet<>();
        Matcher row = ROW.matcher(page);
        while (row.find()) {
            List<String> cell = new ArrayList<>();
            Matcher quoted = QUOTED.matcher(row.group(1));
            while (quoted.find()) {
                cell.add(quoted.group(1).strip());
            }
            if (cell.isEmpty() || !cell.get(0).startsWith(prefix)) {
                continue;
            }
            String first = cell.get(0);
            names.add(first);
            for (String sibling : cell.subList(1, cell.size())) {
                names.add(sibling.startsWith(".") ? expand(first, sibling) : sibling);
            }
        }
        return names;
    }

    private static String expand(String first, String shortName) {
        int segments = shortName.substring(1).split("\\.").length;
        String base = first;
        for (int i = 0; i < segments; i++) {
            base = base.substring(0, base.lastIndexOf('.'));
        }
        return base + shortName;
    }
}
