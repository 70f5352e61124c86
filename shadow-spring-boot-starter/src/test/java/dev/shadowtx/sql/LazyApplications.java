package dev.shadowtx.sql;

import dev.shadowtx.core.testsupport.RawHttp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web applications of these tests: lazily initialized, on a free port, with their settings
 * given as command-line arguments so that they win over the module's test
 * {@code application.properties}.
 */
final class LazyApplications {

    static final Map<String, String> SHADOW = Map.of("X-Shadow", "shadow");

    static final Map<String, String> LIVE = Map.of();

    private LazyApplications() {}

    static ConfigurableApplicationContext start(Class<?> application, List<String> properties) {
        List<String> arguments = new ArrayList<>(List.of("--spring.main.lazy-initialization=true", "--server.port=0"));
        properties.forEach(property -> arguments.add("--" + property));
        return new SpringApplicationBuilder(application).run(arguments.toArray(String[]::new));
    }

    static RawHttp.Response post(ConfigurableApplicationContext context, String path, Map<String, String> headers)
            throws IOException {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return RawHttp.send(port, "POST", path, headers, "");
    }
}
