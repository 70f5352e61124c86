package dev.shadowtx.benchmarks.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A minimal orders service on H2, with nothing of its own that knows about shadow traffic: the
 * load comparison starts it with {@code --shadow.enabled=true} and {@code false} (and without the
 * starter on the class path, for startup time), so its figures do not depend on the sample's
 * features.
 */
@SpringBootApplication
public class BenchApplication {

    /**
     * Settings that keep the runs comparable: quiet logs, a fixed schema and seed data.
     */
    static final Map<String, Object> DEFAULTS = Map.of(
            "spring.sql.init.schema-locations",
            "classpath:bench-schema.sql",
            "spring.sql.init.data-locations",
            "classpath:bench-data.sql",
            "spring.datasource.url",
            "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1",
            "spring.main.banner-mode",
            "off",
            "logging.level.root",
            "WARN",
            "server.shutdown",
            "immediate");

    /**
     * Start the application. With {@code -Dbench.startup-steps=N} it prints the N startup steps
     * with the most CPU time of their own, overall and those that name shadowtx, and exits: where startup time goes. With
     * {@code -Dbench.probe-port=P} it serves its allocated bytes and CPU time on that loopback
     * port ({@link ProcessProbe}). With {@code -Dbench.request-cpu=true} it measures every request on
     * its own thread ({@link RequestCpuValve}). With {@code -Dbench.startup-counts=true} it prints the
     * main thread's CPU time to a started context and what the context holds ({@link StartupCounts}),
     * and exits.
     * @param args application arguments, such as {@code --shadow.enabled=false}
     */
    public static void main(String[] args) throws IOException {
        String probe = System.getProperty("bench.probe-port");
        if (probe != null) {
            ProcessProbe.start(Integer.parseInt(probe));
        }
        if (Boolean.getBoolean("bench.startup-counts")) {
            try (ConfigurableApplicationContext context = application().run(args)) {
                StartupCounts.print(context, System.out);
            }
            return;
        }
        String steps = System.getProperty("bench.startup-steps");
        if (steps == null) {
            application().run(args);
            return;
        }
        SpringApplication application = application();
        CpuApplicationStartup startup = new CpuApplicationStartup();
        application.setApplicationStartup(startup);
        long begin = System.nanoTime();
        try (ConfigurableApplicationContext context = application.run(args)) {
            StartupSteps.print(
                    startup.steps(),
                    Integer.parseInt(steps),
                    Duration.ofNanos(System.nanoTime() - begin),
                    ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(),
                    System.out);
        }
    }

    /**
     * Return the application with its defaults, ready to run.
     * @return the application
     */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(BenchApplication.class);
        application.setDefaultProperties(DEFAULTS);
        if (Boolean.getBoolean("bench.request-cpu")) {
            application.addInitializers((context) ->
                    context.getBeanFactory().registerSingleton("benchRequestCpuValve", RequestCpuValve.customizer()));
        }
        return application;
    }
}
