package dev.shadowtx.benchmarks.app;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Measures each request on the thread that handles it: the first valve of Tomcat's engine reads
 * the worker thread's own CPU clock, its allocated bytes and the wall clock before and after the
 * rest of the pipeline (filters, Spring MVC, the application, the response body), and keeps them
 * per kind of request ({@code GET}, {@code POST}, or {@code POST} with the {@code X-Shadow}
 * header, whether or not anything treats it as a marker): their sums since the start, and with
 * {@code -Dbench.request-cpu.samples=N} each of the first {@code N} requests since the last reset.
 * The request parser's work before the engine and the response's last flush after it are the same
 * for every kind and are not in it.
 * <p>
 * {@code GET /bench/request-cpu?sums} answers one line per kind,
 * {@code <kind> <requests> <CPU ns> <allocated bytes> <wall ns>}; {@code GET /bench/request-cpu}
 * the samples kept, one per line ({@code <kind> <CPU ns> <allocated bytes> <wall ns>}), in the
 * order the requests ended; {@code GET /bench/request-cpu?reset} forgets the samples. None of them
 * reaches the application. Installed only when the application starts with
 * {@code -Dbench.request-cpu=true}.
 */
final class RequestCpuValve extends ValveBase {

    static final String PATH = "/bench/request-cpu";

    static final String MARKER_HEADER = "X-Shadow";

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final int capacity = Integer.getInteger("bench.request-cpu.samples", 0);

    private static final String[] KINDS = {"GET", "POST", "POST-marked", "other"};

    private final byte[] kinds = new byte[this.capacity];

    private final long[] cpu = new long[this.capacity];

    private final long[] allocated = new long[this.capacity];

    private final long[] wall = new long[this.capacity];

    private final AtomicInteger next = new AtomicInteger();

    /**
     * Per kind: requests, CPU ns, allocated bytes, wall ns, at {@code 4 * kind + figure}.
     */
    private final AtomicLongArray sums = new AtomicLongArray(4 * KINDS.length);

    RequestCpuValve() {
        super(true);
    }

    /**
     * Return the customizer that puts the valve first in Tomcat's engine.
     * @return the customizer
     */
    static WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> customizer() {
        return (factory) -> factory.addEngineValves(new RequestCpuValve());
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        Valve next = getNext();
        if (request.getCoyoteRequest().requestURI().equals(PATH)) {
            answer(request, response);
            return;
        }
        long threadId = Thread.currentThread().getId();
        long wallBefore = System.nanoTime();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long bytesBefore = THREADS.getThreadAllocatedBytes(threadId);
        next.invoke(request, response);
        long bytesAfter = THREADS.getThreadAllocatedBytes(threadId);
        long cpuAfter = THREADS.getCurrentThreadCpuTime();
        long wallAfter = System.nanoTime();
        byte kind = kind(request);
        this.sums.incrementAndGet(4 * kind);
        this.sums.addAndGet(4 * kind + 1, cpuAfter - cpuBefore);
        this.sums.addAndGet(4 * kind + 2, bytesAfter - bytesBefore);
        this.sums.addAndGet(4 * kind + 3, wallAfter - wallBefore);
        if (this.capacity > 0) {
            int index = this.next.getAndIncrement();
            if (index < this.capacity) {
                this.kinds[index] = kind;
                this.cpu[index] = cpuAfter - cpuBefore;
                this.allocated[index] = bytesAfter - bytesBefore;
                this.wall[index] = wallAfter - wallBefore;
            }
        }
    }

    /**
     * Return the kind of a request, read from Tomcat's bytes without making a string.
     */
    private static byte kind(Request request) {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        if (coyote.method().equals("GET")) {
            return 0;
        }
        if (coyote.method().equals("POST")) {
            return (byte) ((coyote.getMimeHeaders().getValue(MARKER_HEADER) != null) ? 2 : 1);
        }
        return 3;
    }

    private void answer(Request request, Response response) throws IOException {
        response.setContentType("text/plain");
        String query = request.getQueryString();
        PrintWriter writer = response.getWriter();
        if ("reset".equals(query)) {
            this.next.set(0);
            writer.write("reset\n");
            return;
        }
        if ("sums".equals(query)) {
            for (int kind = 0; kind < KINDS.length; kind++) {
                writer.append(KINDS[kind]);
                for (int figure = 0; figure < 4; figure++) {
                    writer.append(' ').append(Long.toString(this.sums.get(4 * kind + figure)));
                }
                writer.append('\n');
            }
            return;
        }
        int count = Math.min(this.next.get(), this.capacity);
        for (int i = 0; i < count; i++) {
            writer.append(KINDS[this.kinds[i]])
                    .append(' ')
                    .append(Long.toString(this.cpu[i]))
                    .append(' ')
                    .append(Long.toString(this.allocated[i]))
                    .append(' ')
                    .append(Long.toString(this.wall[i]))
                    .append('\n');
        }
    }
}
