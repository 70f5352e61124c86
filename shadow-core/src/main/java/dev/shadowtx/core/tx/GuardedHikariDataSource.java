package dev.shadowtx.core.tx;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC guard as a Hikari pool: it takes over the configuration of an unstarted
 * {@link HikariDataSource} and guards the connections it serves in shadow itself, so that nothing
 * stands between a live borrower and the pool (no proxy, no invocation object per borrow) and the
 * bean is still injectable, configurable and measurable as a {@code HikariDataSource}.
 */
final class GuardedHikariDataSource extends HikariDataSource implements ShadowDataSourceGuard.Guarded {

    private final ShadowDataSourceGuard guard;

    private GuardedHikariDataSource(ShadowDataSourceGuard guard) {
        this.guard = guard;
    }

    /**
     * Take over an unstarted pool, which is closed (it has no connection yet) so that nothing can
     * borrow from it any more.
     * @param dataSource the data source
     * @param guard what guards each connection served
     * @return the pool that takes over, or {@code null} when {@code dataSource} is not exactly a
     * {@code HikariDataSource} or its pool was started or closed
     */
    static @Nullable DataSource takeOver(DataSource dataSource, ShadowDataSourceGuard guard) {
        if (dataSource.getClass() != HikariDataSource.class) {
            return null;
        }
        HikariDataSource unstarted = (HikariDataSource) dataSource;
        if (unstarted.isClosed() || unstarted.getHikariPoolMXBean() != null) {
            return null;
        }
        GuardedHikariDataSource pool = new GuardedHikariDataSource(guard);
        unstarted.copyStateTo(pool);
        // the original never started: closed, a reference to it kept from before fails instead of
        // starting a second pool that no guard watches
        unstarted.close();
        return pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return this.guard.guardConnection(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return this.guard.guardConnection(super.getConnection(username, password));
    }

    /**
     * Answer with this pool for a type it implements; refuse any other type in shadow, where the
     * driver's data source behind the pool would hand out connections no guard sees.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return this.guard.unwrapsToGuard(this, iface) ? iface.cast(this) : super.unwrap(iface);
    }
}
