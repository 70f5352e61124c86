package dev.shadowtx.materialize;

/**
 * The materialized shadow store cannot work as configured, or a change could not be applied; the
 * message names the property to fix when there is one.
 */
public class MaterializeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Create an exception.
     * @param message what went wrong and how to fix it
     */
    public MaterializeException(String message) {
        super(message);
    }

    /**
     * Create an exception with a cause.
     * @param message what went wrong and how to fix it
     * @param cause the cause
     */
    public MaterializeException(String message, Throwable cause) {
        super(message, cause);
    }
}
