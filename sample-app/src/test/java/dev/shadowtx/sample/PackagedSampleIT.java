package dev.shadowtx.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's quick start against the packaged jar, started the way a user starts it
 * ({@code java -jar}, embedded defaults: H2, the in-process KRaft broker, the local payments
 * provider and its test double): it starts, a live order commits and its event reaches the read
 * model through the broker, the same order marked {@code X-Shadow: shadow} leaves no row and
 * charges only the test double. Runs in the {@code integration-test} phase, after the jar is built,
 * so it sees the dependencies as the jar holds them (the tests of the {@code test} phase run on
 * Maven's class path, with a test broker).
 */
class PackagedSampleIT {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final HttpClient http = HttpClient.newHttpClient();

    private final JsonMapper json = JsonMapper.builder().build();

    private Process sample;

    private Path log;

    private String base;

    @BeforeEach
    void startTheJar() throws IOException {
        Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app.jar"));
        assertThat(jar)
                .as("the packaged sample (run this test with `./mvnw verify`)")
                .exists();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        this.base = "http://127.0.0.1:" + port;
        this.log = Files.createTempFile("packaged-sample", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.sample = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "--server.port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(this.log.toFile())
                .start();
        try {
            await().atMost(STARTUP)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .failFast("the sample exited", () -> !this.sample.isAlive())
                    .until(() -> get("/actuator/health").statusCode() == 200);
        } catch (ConditionTimeoutException | TerminalFailureException ex) {
            throw new AssertionError("The packaged sample did not become healthy; its output:\n" + output(), ex);
        }
    }

    @AfterEach
    void stopTheJar() throws InterruptedException, IOException {
        if (this.sample != null) {
            this.sample.destroy();
            if (!this.sample.waitFor(30, TimeUnit.SECONDS)) {
                this.sample.destroyForcibly().waitFor();
            }
        }
        if (this.log != null) {
            Files.deleteIfExists(this.log);
        }
    }

    @Test
    void theQuickStartWorksOnThePackagedJar() throws Exception {
        HttpResponse<String> live = postOrder(false);
        assertThat(live.statusCode()).as(live.body()).isBetween(200, 201);
        long liveId = this.json.readTree(live.body()).path("id").asLong();
        HttpResponse<String> shadow = postOrder(true);
        assertThat(shadow.statusCode()).as(shadow.body()).isBetween(200, 201);
        long shadowId = this.json.readTree(shadow.body()).path("id").asLong();

        assertThat(get("/orders/" + liveId).statusCode()).isEqualTo(200);
        assertThat(get("/orders/" + shadowId).statusCode()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> this.json.readTree(get("/demo/read-model").body()), (rows) -> rows.size() == 1);
        JsonNode readModel = this.json.readTree(get("/demo/read-model").body());
        assertThat(readModel.get(0).path("orderId").asLong()).isEqualTo(liveId);
        JsonNode payments = this.json.readTree(get("/demo/payments").body());
        assertThat(payments.path("live").size()).isEqualTo(1);
        assertThat(payments.path("test-double").size()).isEqualTo(1);
        List<String> lines = Files.readAllLines(this.log);
        assertThat(lines).as("the sample's output").noneMatch((line) -> line.contains(" ERROR "));
    }

    private HttpResponse<String> postOrder(boolean shadow) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + "/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"book\",\"quantity\":1}"));
        if (shadow) {
            request.header("X-Shadow", "shadow");
        }
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return this.http.send(
                HttpRequest.newBuilder(URI.create(this.base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String output() {
        try {
            return String.join("\n", Files.readAllLines(this.log));
        } catch (IOException ex) {
            return "(unreadable: " + ex.getMessage() + ")";
        }
    }
}
