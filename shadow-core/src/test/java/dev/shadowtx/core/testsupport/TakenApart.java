package dev.shadowtx.core.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;

/**
 * What code reaches when it takes a Spring AOP proxy apart: the cast to {@code Advised} and its
 * target, through every layer, as Spring's {@code AopTestUtils#getUltimateTargetObject} does.
 */
public final class TakenApart {

    private TakenApart() {}

    /**
     * Return what a cast to {@code Advised} reaches behind a proxy, through every layer that is
     * {@code Advised}.
     * @param proxy the proxy
     * @param <T> its type
     * @return the innermost object reached; the proxy itself when it is no {@code Advised}
     */
    @SuppressWarnings("unchecked")
    public static <T> T reach(T proxy) {
        Object reached = proxy;
        while (AopUtils.isAopProxy(reached) && reached instanceof Advised advised) {
            try {
                reached = advised.getTargetSource().getTarget();
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
        return (T) reached;
    }

    /**
     * Insert a row and commit it through a connection of a data source, without Spring.
     * @param dataSource the data source
     * @param table the table, with a column {@code item}
     * @param item the item
     */
    public static void insertAndCommit(DataSource dataSource, String table, String item) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("insert into " + table + " (item) values ('" + item + "')");
            }
            connection.commit();
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
