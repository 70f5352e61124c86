package dev.shadowtx.benchmarks.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark application in a JVM of its own, bound to the loopback interface on a free port.
 */
final class AppProcess implements AutoCloseable {

    private static final String MAIN_CLASS = "dev.shadowtx.benchmarks.app.BenchApplication";

    private final Process process;

    private final int port;

    private final int probePort;

    private final long startedAt;

    private AppProcess(Process process, int port, int probePort, long startedAt) {
        this.process = process;
        this.port = port;
        this.probePort = probePort;
        this.startedAt = startedAt;
    }

    /**
     * Start the application.
     * @param variant with or without shadowtx
     * @param classPath the driver's class path
     * @param jvmArguments options for the application's JVM
     * @param log where its output goes
     * @param appArguments further application arguments, such as the database URL
     */
    static AppProcess start(
            Variant variant, String classPath, List<String> jvmArguments, Path log, List<String> appArguments)
            throws IOException {
        int port = freePort();
        int probePort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArguments);
        command.add("-Dbench.probe-port=" + probePort);
        command.add("-cp");
        command.add(variant.classPath(classPath));
        command.add(MAIN_CLASS);
        command.add("--server.address=127.0.0.1");
        command.add("--server.port=" + port);
        command.addAll(variant.arguments());
        command.addAll(appArguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        long startedAt = System.nanoTime();
        return new AppProcess(builder.start(), port, probePort, startedAt);
    }

    /**
     * Start the application and wait until it answers, closing it when it does not within two minutes.
     * @param variant with or without shadowtx
     * @param classPath the driver's class path
     * @param jvmArguments options for the application's JVM
     * @param log where its output goes
     * @param appArguments further application arguments, such as the database URL
     * @return the started application
     * @throws Exception when it fails to start or to answer in time
     */
    static AppProcess startReady(
            Variant variant, String classPath, List<String> jvmArguments, Path log, List<String> appArguments)
            throws Exception {
        AppProcess app = start(variant, classPath, jvmArguments, log, appArguments);
        try {
            app.awaitReady(Duration.ofSeconds(120).toNanos());
        } catch (Exception ex) {
            app.close();
            throw ex;
        }
        return app;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    long pid() {
        return this.process.pid();
    }

    int port() {
        return this.port;
    }

    /**
     * Return what the application process has spent so far, read from its probe.
     * @return heap bytes allocated by its live threads and its CPU time
     */
    Usage usage() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.probePort)) {
            socket.setSoTimeout(60_000);
            String line = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return Usage.parse(line);
        }
    }

    /**
     * Return the CPU time the operating system has charged the process with so far.
     * @return CPU nanoseconds, at the operating system's clock-tick resolution
     */
    long cpuNanos() {
        return this.process
                .info()
                .totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("The operating system does not report process CPU time"))
                .toNanos();
    }

    /**
     * Wait until {@code GET /orders} answers 200.
     * @param timeoutNanos how long to wait at most
     * @return nanoseconds from the process start to the first 200
     */
    long awaitReady(long timeoutNanos) throws IOException, InterruptedException {
        byte[] probe = HttpConnection.request("GET", "/orders", this.port, new String[0], null);
        long deadline = this.startedAt + timeoutNanos;
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IOException(
                        "The application exited with " + this.process.exitValue() + " before it answered; see its log");
            }
            try (HttpConnection connection = new HttpConnection(this.port, 5_000)) {
                if (connection.exchange(probe) == 200) {
                    return System.nanoTime() - this.startedAt;
                }
            } catch (IOException ex) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IOException("The application did not answer within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos)
                + " s; see its log");
    }

    /**
     * Run a diagnostic command in the application's JVM, such as {@code JFR.start}.
     * @param arguments the command and its options
     */
    void jcmd(String... arguments) throws IOException, InterruptedException {
        jcmdOutput(arguments);
    }

    /**
     * Run a diagnostic command in the application's JVM and return what it printed.
     * @param arguments the command and its options, such as {@code PerfCounter.print}
     * @return its output
     */
    String jcmdOutput(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        command.add(Long.toString(this.process.pid()));
        command.addAll(List.of(arguments));
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", arguments) + " failed: " + output);
        }
        return output;
    }

    @Override
    public void close() throws InterruptedException {
        this.process.destroy();
        if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
            this.process.destroyForcibly();
            this.process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
