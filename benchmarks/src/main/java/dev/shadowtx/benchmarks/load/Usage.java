package dev.shadowtx.benchmarks.load;

/**
 * What a process has spent up to a point in time.
 * @param allocatedBytes heap bytes allocated by its live threads
 * @param cpuNanos its CPU time, every thread of the process (the JIT compiler's and the garbage
 * collector's included)
 * @param requestCpuNanos the CPU time of its request threads (the web server's workers), each on
 * its own clock
 */
record Usage(long allocatedBytes, long cpuNanos, long requestCpuNanos) {

    /**
     * Parse the probe's line, {@code <allocated bytes> <CPU nanoseconds> <request threads' CPU nanoseconds>}.
     * @param line what the probe wrote
     * @return the figures
     */
    static Usage parse(String line) {
        String[] parts = line.trim().split(" ");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a probe line: " + line);
        }
        return new Usage(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    }

    /**
     * Return what was spent between an earlier reading and this one.
     * @param earlier the earlier reading
     * @return the difference
     */
    Usage minus(Usage earlier) {
        return new Usage(
                this.allocatedBytes - earlier.allocatedBytes,
                this.cpuNanos - earlier.cpuNanos,
                this.requestCpuNanos - earlier.requestCpuNanos);
    }

    /**
     * Return this and another amount together.
     * @param other the other amount
     * @return the sum
     */
    Usage plus(Usage other) {
        return new Usage(
                this.allocatedBytes + other.allocatedBytes,
                this.cpuNanos + other.cpuNanos,
                this.requestCpuNanos + other.requestCpuNanos);
    }
}
