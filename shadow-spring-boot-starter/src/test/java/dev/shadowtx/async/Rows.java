package dev.shadowtx.async;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes one row per item with plain auto-commit JDBC (or inside whatever transaction is active)
 * and records, for each item, the thread it ran on and the shadow mode it saw there.
 */
class Rows {

    private final JdbcTemplate jdbc;

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    Rows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("create table if not exists hop_rows (item varchar(200) not null)");
    }

    String write(String item) {
        ShadowContext context = ShadowContextHolder.current();
        boolean inTransaction = TransactionSynchronizationManager.isActualTransactionActive();
        Boolean newRollbackOnly = null;
        if (inTransaction) {
            try {
                TransactionStatus status = TransactionAspectSupport.currentTransactionStatus();
                newRollbackOnly = status.isNewTransaction() && status.isRollbackOnly();
            } catch (NoTransactionException ex) {
                // a programmatic transaction: no status to read
            }
        }
        this.jdbc.update("insert into hop_rows (item) values (?)", item);
        this.seen.put(
                item,
                new Seen(
                        Thread.currentThread().getName(),
                        (context != null) ? context.mode().markerValue() : "live",
                        inTransaction,
                        newRollbackOnly));
        return item;
    }

    boolean isCommitted(String item) {
        Integer count = this.jdbc.queryForObject("select count(*) from hop_rows where item = ?", Integer.class, item);
        return count != null && count > 0;
    }

    Seen seen(String item) {
        return this.seen.get(item);
    }

    boolean hasSeen(String item) {
        return this.seen.containsKey(item);
    }

    /**
     * What a write saw on its thread.
     */
    record Seen(String thread, String mode, boolean inTransaction, Boolean newRollbackOnly) {}
}
