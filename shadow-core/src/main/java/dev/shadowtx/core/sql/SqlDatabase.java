package dev.shadowtx.core.sql;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The database families whose SQL text differs where it matters to
 * {@link TransactionEndingStatements}: how literals and comments are written, and which statements
 * commit by themselves.
 */
public enum SqlDatabase {

    /** PostgreSQL: nested block comments, dollar quotes, {@code E'..'} backslash escapes. */
    POSTGRESQL,

    /** H2: nested block comments, {@code $$..$$} quotes; most {@code SET} commands commit. */
    H2,

    /** MySQL and MariaDB: {@code BEGIN} and {@code START TRANSACTION} commit the open transaction. */
    MYSQL,

    /** Oracle Database. */
    ORACLE,

    /** Any other database: standard literals and comments only. */
    OTHER;

    /**
     * Recognise a database from the product name its driver reports.
     * @param productName {@code DatabaseMetaData#getDatabaseProductName()} or R2DBC's
     * {@code ConnectionFactoryMetadata#getName()}, or {@code null}
     * @return its family, {@link #OTHER} when it is none of the named ones
     */
    public static SqlDatabase of(@Nullable String productName) {
        String name = (productName != null) ? productName.toLowerCase(Locale.ROOT) : "";
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.equals("h2")) {
            return H2;
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return MYSQL;
        }
        if (name.contains("oracle")) {
            return ORACLE;
        }
        return OTHER;
    }
}
