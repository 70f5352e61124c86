package dev.shadowtx.test.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Row counts of a few tables, read on a connection of its own (so it sees only what was
 * committed), to prove a unit of work left no row behind:
 * <pre class="code">
 * TableRows.assertLeavesNoRow(dataSource, () -&gt; mockMvc.perform(post("/orders").with(shadowHeader())),
 *         "orders", "order_lines");
 * </pre>
 * Counts are compared, so run it where no other writer touches those tables meanwhile, or use
 * {@link #countWhere(DataSource, String, String, Object)} with a value only your request writes.
 */
public final class TableRows {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$.]*");

    private final DataSource dataSource;

    private final Map<String, Long> before;

    private TableRows(DataSource dataSource, Map<String, Long> before) {
        this.dataSource = dataSource;
        this.before = before;
    }

    /**
     * Count the rows of the given tables now.
     * @param dataSource where the tables are
     * @param tables table names
     * @return the snapshot
     */
    public static TableRows snapshot(DataSource dataSource, String... tables) {
        return new TableRows(dataSource, counts(dataSource, List.of(tables)));
    }

    /**
     * Run work and assert it committed no row to any of the tables.
     * @param dataSource where the tables are
     * @param work the work, for example one shadow request
     * @param tables table names
     * @throws Exception what the work throws
     */
    public static void assertLeavesNoRow(DataSource dataSource, ThrowingRunnable work, String... tables)
            throws Exception {
        TableRows snapshot = snapshot(dataSource, tables);
        work.run();
        snapshot.assertUnchanged();
    }

    /**
     * Assert that every table holds as many committed rows as when the snapshot was taken.
     * @throws AssertionError naming the tables that changed
     */
    public void assertUnchanged() {
        Map<String, Long> now = counts(this.dataSource, List.copyOf(this.before.keySet()));
        StringBuilder changes = new StringBuilder();
        this.before.forEach((table, count) -> {
            Long current = now.get(table);
            if (!count.equals(current)) {
                changes.append(String.format("%n  %s: %d row(s) before, %d after", table, count, current));
            }
        });
        if (changes.length() > 0) {
            throw new AssertionError("Expected no committed row, but:" + changes);
        }
    }

    /**
     * Count the committed rows of a table whose column equals a value.
     * @param dataSource where the table is
     * @param table the table
     * @param column the column
     * @param value the value
     * @return the count
     */
    public static long countWhere(DataSource dataSource, String table, String column, Object value) {
        String sql = "select count(*) from " + identifier(table) + " where " + identifier(column) + " = ?";
        try (Connection connection = dataSource.getConnection();
                java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, value);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("Could not count rows of " + table, ex);
        }
    }

    private static Map<String, Long> counts(DataSource dataSource, List<String> tables) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String table : tables) {
                try (ResultSet result = statement.executeQuery("select count(*) from " + identifier(table))) {
                    result.next();
                    counts.put(table, result.getLong(1));
                }
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("Could not count rows of " + tables, ex);
        }
        return counts;
    }

    private static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain SQL identifier: " + name);
        }
        return name;
    }

    /**
     * Work that may throw, such as {@code mockMvc.perform(...)}.
     */
    @FunctionalInterface
    public interface ThrowingRunnable {

        /**
         * Run the work.
         * @throws Exception anything
         */
        void run() throws Exception;
    }
}
