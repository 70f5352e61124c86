package dev.shadowtx.core.routing;

import java.sql.SQLException;

/**
 * Raised when a shadow unit of work tries to use a connection that was borrowed from the live
 * store (typically: a transaction was opened live and a shadow context was bound inside it).
 * Letting it through would write shadow work to the live store, so the statement or commit is
 * refused; bind the shadow context before the transaction begins.
 */
public class ShadowStoreMismatchException extends SQLException {

    private static final long serialVersionUID = 1L;

    /**
     * Create an exception.
     * @param dataSource the bean name of the routed data source
     * @param operation what was refused, for example {@code prepareStatement}
     */
    public ShadowStoreMismatchException(String dataSource, String operation) {
        super("Refused " + operation + " in a shadow unit of work on a connection that data source '" + dataSource
                + "' borrowed from the live store: the transaction (or unit of work) began live and a shadow "
                + "context was bound inside it. Shadow work never runs on the live store; bind the shadow context "
                + "before the transaction begins.");
    }
}
