package dev.shadowtx.reliability;

/**
 * The first pass of a matrix under lazy initialization: marked cells run one after the other
 * before any other cell, each first to use its channel's beans. A cell that fails is kept, the
 * next ones still run, and {@link #assertPassed()} names every cell that failed.
 */
public final class FirstPass {

    /**
     * A marked cell of a matrix.
     */
    @FunctionalInterface
    public interface Cell {

        /**
         * Run the cell with its assertions.
         * @throws Exception when it cannot be run
         */
        void run() throws Exception;
    }

    private final AssertionError failed = new AssertionError("marked cells that failed when they came first");

    /**
     * Run one cell, keeping its failure.
     * @param name the channel and path, for the report
     * @param cell the cell
     * @throws Exception when the cell cannot be run
     */
    public void run(String name, Cell cell) throws Exception {
        try {
            cell.run();
        } catch (AssertionError ex) {
            this.failed.addSuppressed(new AssertionError(name + ": " + ex.getMessage(), ex));
        }
    }

    /**
     * Fail with every cell that failed, if any did.
     */
    public void assertPassed() {
        if (this.failed.getSuppressed().length > 0) {
            throw this.failed;
        }
    }
}
