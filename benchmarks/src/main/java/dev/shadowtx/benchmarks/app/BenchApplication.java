package dev.shadowtx.benchmarks.app;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

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
	static final Map<String, Object> DEFAULTS = Map.of("spring.sql.init.schema-locations",
			"classpath:bench-schema.sql", "spring.sql.init.data-locations", "classpath:bench-data.sql",
			"spring.datasource.url", "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", "spring.main.banner-mode", "off",
			"logging.level.root", "WARN", "server.shutdown", "immediate");

	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * Return the application with its defaults, ready to run.
	 * @return the application
	 */
	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(BenchApplication.class);
		application.setDefaultProperties(DEFAULTS);
		return application;
	}

}
