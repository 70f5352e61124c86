package dev.shadowtx.benchmarks.app;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * What the process has spent so far, served on a loopback socket of its own (outside the web
 * server and its filters, so reading it costs every variant the same): one line per connection,
 * {@code <heap bytes allocated by the live threads> <process CPU nanoseconds> <request threads' CPU nanoseconds>}.
 * <p>
 * The request threads are the web server's workers (Tomcat's {@code ...-exec-N} threads), whose CPU
 * time is each thread's own clock ({@code ThreadMXBean#getThreadCpuTime}): what handling the requests
 * cost, without the JIT compiler's and the garbage collector's threads, whose work does not follow the
 * requests of a slice (the process' CPU time, printed beside it, has them).
 * <p>
 * The allocated bytes are the sum of {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}
 * over the live threads: a thread that ends takes its count along, which the load comparison
 * tolerates because the web server's worker threads outlive a measurement.
 */
public final class ProcessProbe implements Runnable {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final com.sun.management.OperatingSystemMXBean SYSTEM =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * Whether each thread seen so far is a request thread, by thread id (names are read once per thread).
     */
    private static final java.util.Map<Long, Boolean> REQUEST_THREADS = new java.util.concurrent.ConcurrentHashMap<>();

    private final ServerSocket server;

    private ProcessProbe(ServerSocket server) {
        this.server = server;
    }

    /**
     * Serve the probe on a daemon thread.
     * @param port the loopback port, or 0 for any free one
     * @return the port it listens on
     */
    public static int start(int port) throws IOException {
        ServerSocket server = new ServerSocket(port, 8, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(new ProcessProbe(server), "process-probe");
        thread.setDaemon(true);
        thread.start();
        return server.getLocalPort();
    }

    /**
     * Return the process' current figures as the probe writes them.
     * @return {@code <allocated bytes> <CPU nanoseconds> <request threads' CPU nanoseconds>}
     */
    public static String read() {
        long[] ids = THREADS.getAllThreadIds();
        long allocated = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(ids)) {
            if (bytes > 0) {
                allocated += bytes;
            }
        }
        long requestCpu = 0;
        for (long id : ids) {
            if (REQUEST_THREADS.computeIfAbsent(id, ProcessProbe::isRequestThread)) {
                long nanos = THREADS.getThreadCpuTime(id);
                if (nanos > 0) {
                    requestCpu += nanos;
                }
            }
        }
        return allocated + " " + SYSTEM.getProcessCpuTime() + " " + requestCpu + "\n";
    }

    private static boolean isRequestThread(long id) {
        java.lang.management.ThreadInfo info = THREADS.getThreadInfo(id, 0);
        return info != null && info.getThreadName().contains("-exec-");
    }

    @Override
    public void run() {
        while (!this.server.isClosed()) {
            try (Socket socket = this.server.accept();
                    OutputStream out = socket.getOutputStream()) {
                out.write(read().getBytes(StandardCharsets.US_ASCII));
            } catch (IOException ex) {
                System.err.println("process probe: " + ex);
            }
        }
    }
}
