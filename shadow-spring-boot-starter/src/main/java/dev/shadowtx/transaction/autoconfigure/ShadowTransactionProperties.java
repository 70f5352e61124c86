package dev.shadowtx.transaction.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The transaction guard.
 */
@ConfigurationProperties("shadow.transactions")
public class ShadowTransactionProperties {

    /**
     * Whether outermost commits in shadow become rollbacks, on every transaction manager.
     */
    private boolean rollback = true;

    public boolean isRollback() {
        return this.rollback;
    }

    public void setRollback(boolean rollback) {
        this.rollback = rollback;
    }
}
