package dev.shadowtx.core.routing;

import dev.shadowtx.core.routing.ShadowStoreException.Problem;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The startup check of a routed data source: the shadow store must be reachable, be the same
 * database product as the live store (Hibernate and the application's SQL are set up once, from
 * the live store), and, unless told otherwise, have every table the live store has (the same
 * migrations ran on it). Run it once the application's migrations have run, before traffic.
 */
public final class ShadowStoreVerifier {

    private static final int LISTED_TABLES = 10;

    private final boolean checkTables;

    private final @Nullable String validationQuery;

    /**
     * Create a verifier.
     * @param checkTables whether every table of the live store's current schema must exist in the
     * shadow store's current schema
     * @param validationQuery SQL that must succeed on the shadow store, or {@code null}
     */
    public ShadowStoreVerifier(boolean checkTables, @Nullable String validationQuery) {
        this.checkTables = checkTables;
        this.validationQuery = (validationQuery != null && !validationQuery.isBlank()) ? validationQuery : null;
    }

    /**
     * Check a routed data source.
     * @param routed the routed data source
     * @return the route, described with what the check found
     * @throws ShadowStoreException when the shadow store cannot serve shadow traffic safely
     */
    public ShadowStoreRouting.Route verify(RoutedDataSource routed) {
        String name = routed.dataSourceName();
        try (Connection live = routed.liveStore().getConnection()) {
            try (Connection shadow = shadowConnection(routed)) {
                DatabaseMetaData liveMeta = live.getMetaData();
                DatabaseMetaData shadowMeta = shadow.getMetaData();
                String product = liveMeta.getDatabaseProductName();
                String shadowProduct = shadowMeta.getDatabaseProductName();
                if (!product.equalsIgnoreCase(shadowProduct)) {
                    throw new ShadowStoreException(
                            Problem.DIFFERENT_KIND,
                            name,
                            "The live store of data source '" + name
                                    + "' is " + product + " but its shadow store '" + routed.shadowDataSourceName()
                                    + "' is "
                                    + shadowProduct
                                    + ". Both stores must be the same kind of database: Hibernate's dialect "
                                    + "and the application's SQL are chosen once, for the live store.",
                            null);
                }
                if (this.checkTables) {
                    checkTables(routed, live, shadow);
                }
                if (this.validationQuery != null) {
                    runValidationQuery(routed, shadow);
                }
                return new ShadowStoreRouting.Route(
                        name,
                        routed.shadowDataSourceName(),
                        routed.rollsBackInShadow(),
                        product,
                        sanitize(liveMeta.getURL()),
                        sanitize(shadowMeta.getURL()));
            }
        } catch (SQLException ex) {
            throw new ShadowStoreException(
                    Problem.UNREACHABLE,
                    name,
                    "Could not check the stores of data source '" + name + "': " + ex.getMessage(),
                    ex);
        }
    }

    private Connection shadowConnection(RoutedDataSource routed) {
        try {
            return routed.shadowStore().getConnection();
        } catch (SQLException | RuntimeException ex) {
            throw new ShadowStoreException(
                    Problem.UNREACHABLE,
                    routed.dataSourceName(),
                    "The shadow store '" + routed.shadowDataSourceName() + "' of data source '"
                            + routed.dataSourceName() + "' is unreachable: " + ex.getMessage(),
                    ex);
        }
    }

    private void checkTables(RoutedDataSource routed, Connection live, Connection shadow) throws SQLException {
        Set<String> missing = tables(live);
        missing.removeAll(tables(shadow));
        if (!missing.isEmpty()) {
            String listed = String.join(
                            ", ", missing.stream().limit(LISTED_TABLES).toList())
                    + ((missing.size() > LISTED_TABLES) ? " and " + (missing.size() - LISTED_TABLES) + " more" : "");
            throw new ShadowStoreException(
                    Problem.MISSING_TABLES,
                    routed.dataSourceName(),
                    "The shadow store '" + routed.shadowDataSourceName() + "' of data source '"
                            + routed.dataSourceName() + "' lacks " + missing.size()
                            + " table(s) of the live store: " + listed
                            + ". Run the same schema migrations on it before routing shadow traffic there.",
                    null);
        }
    }

    private void runValidationQuery(RoutedDataSource routed, Connection shadow) {
        try (Statement statement = shadow.createStatement()) {
            statement.execute(this.validationQuery);
        } catch (SQLException ex) {
            throw new ShadowStoreException(
                    Problem.VALIDATION_QUERY_FAILED,
                    routed.dataSourceName(),
                    "The validation query failed on the shadow store '" + routed.shadowDataSourceName() + "': "
                            + ex.getMessage(),
                    ex);
        } finally {
            try {
                if (!shadow.getAutoCommit()) {
                    shadow.rollback();
                }
            } catch (SQLException ex) {
                // the connection is closed right after; nothing to undo
            }
        }
    }

    private static Set<String> tables(Connection connection) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (ResultSet tables = connection
                .getMetaData()
                .getTables(connection.getCatalog(), connection.getSchema(), "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                names.add(tables.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /**
     * Strip a JDBC URL of what may carry credentials: user information and parameters.
     * @param url the URL
     * @return the URL up to its first {@code ?} or {@code ;}, without {@code user:password@}
     */
    public static @Nullable String sanitize(@Nullable String url) {
        if (url == null) {
            return null;
        }
        String result = url;
        int end = indexOfAny(result, '?', ';');
        if (end >= 0) {
            result = result.substring(0, end);
        }
        int at = result.lastIndexOf('@');
        int authority = result.indexOf("//");
        if (at >= 0 && authority >= 0 && at > authority) {
            result = result.substring(0, authority + 2) + result.substring(at + 1);
        }
        return result;
    }

    private static int indexOfAny(String value, char first, char second) {
        int a = value.indexOf(first);
        int b = value.indexOf(second);
        if (a < 0) {
            return b;
        }
        return (b < 0) ? a : Math.min(a, b);
    }
}
