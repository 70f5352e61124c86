package dev.shadowtx.materialize;

import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application with a routed primary data source and nothing else of its own: what it reads and
 * writes in shadow goes to the shadow store.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class MaterializedOrdersApplication {

    static ConfigurableApplicationContext run(Map<String, Object> properties) {
        return new SpringApplicationBuilder(MaterializedOrdersApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run();
    }
}
