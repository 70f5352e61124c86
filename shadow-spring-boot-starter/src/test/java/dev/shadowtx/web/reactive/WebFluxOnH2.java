package dev.shadowtx.web.reactive;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@link WebFluxTestApplication} on a random Reactor Netty port with R2DBC on an in-memory H2
 * database; tests with the same extra properties share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        classes = WebFluxTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.web-application-type=reactive",
            "spring.r2dbc.url=r2dbc:h2:mem:///" + WebFluxOnH2.DATABASE + "?options=DB_CLOSE_DELAY=-1",
            "spring.r2dbc.username=sa",
            "spring.autoconfigure.exclude="
        })
@interface WebFluxOnH2 {

    String DATABASE = "webflux-http";

    String JDBC_URL = "jdbc:h2:mem:" + DATABASE + ";DB_CLOSE_DELAY=-1";
}
