package dev.shadowtx.core.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A new, live JDBC connection per call, outside every guard and pool: what it reads is what was
 * really committed.
 * @param url the JDBC URL
 * @param user the user
 * @param password the password
 */
public record PlainJdbc(String url, String user, String password) {

    /**
     * Run one statement and commit it.
     * @param sql the statement
     */
    public void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(this.url, this.user, this.password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Read the first column of every row a query returns, as strings.
     * @param sql the query
     * @return the values, in the query's order
     */
    public List<String> strings(String sql) {
        try (Connection connection = DriverManager.getConnection(this.url, this.user, this.password);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
