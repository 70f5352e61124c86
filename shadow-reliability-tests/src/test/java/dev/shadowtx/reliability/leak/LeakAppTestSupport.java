package dev.shadowtx.reliability.leak;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one context every leak-app test shares (Spring caches it): {@link LeakApplication} on a
 * random port, real PostgreSQL with a small pool (profile {@code leak}: {@code application-leak.properties}), the JVM's embedded KRaft broker and one
 * WireMock server standing for every live collaborator.
 */
@SpringBootTest(
        classes = LeakApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.kafka.producer.transaction-id-prefix=leak-tx-",
            "spring.kafka.producer.properties.max.block.ms=10000",
            "logging.level.org.apache.kafka=WARN",
            "logging.level.dev.shadowtx=WARN"
        })
@ActiveProfiles("leak")
@EmbeddedKafka(
        partitions = 1,
        topics = {
            LeakApplication.LIVE_TOPIC,
            LeakApplication.LIVE_TOPIC + ".shadow",
            LeakApplication.LIVE_TX_TOPIC,
            LeakApplication.LIVE_TX_TOPIC + ".shadow",
            LeakApplication.COMMANDS_TOPIC,
            LeakApplication.COMMANDS_TOPIC + ".shadow"
        })
public abstract class LeakAppTestSupport {

    protected static final WireMockServer live = new WireMockServer(options().dynamicPort());

    static {
        live.start();
        live.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("live")));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
        registry.add("live.url", live::baseUrl);
    }
}
