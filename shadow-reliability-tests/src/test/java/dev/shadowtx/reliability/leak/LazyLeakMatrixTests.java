package dev.shadowtx.reliability.leak;

import dev.shadowtx.reliability.FirstPass;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.test.context.TestPropertySource;

/**
 * The leak matrix under {@code spring.main.lazy-initialization=true}, where the first request
 * that needs a bean creates it, and that request can be a shadow one. Before the matrix runs
 * (concurrently, as in {@link LeakMatrixTests}), one marked cell per channel, then one per path,
 * runs on one thread: each channel's beans and each path's components are first used, and so
 * created, by a marked cell. Its own context (its properties differ), broker and database rows.
 */
@TestPropertySource(properties = "spring.main.lazy-initialization=true")
@Import(LazyLeakMatrixTests.EagerTopology.class)
class LazyLeakMatrixTests extends LeakMatrixTests {

    @BeforeAll
    void firstUseOfEveryBeanIsShadow() throws Exception {
        FirstPass first = new FirstPass();
        for (Channel channel : Channel.values()) {
            first.run(
                    channel + " on REQUEST_THREAD",
                    () -> markedCellLeavesNothing(Path.REQUEST_THREAD, channel, HTTP_MARKERS.get(1)));
        }
        for (Path path : paths().toList()) {
            if (path != Path.REQUEST_THREAD) {
                Marker marker = (path.consumer() != null) ? RECORD_MARKERS.get(0) : HTTP_MARKERS.get(0);
                first.run(
                        "TRANSACTIONAL on " + path, () -> markedCellLeavesNothing(path, Channel.TRANSACTIONAL, marker));
            }
        }
        first.assertPassed();
    }

    /**
     * A {@code KStream} bean must exist before its {@code StreamsBuilderFactoryBean} starts, which
     * lazy initialization would not do (spring-kafka's rule, shadowtx or not). An
     * {@code IntegrationFlow} bean registers its channel adapter when it is created, and nothing
     * asks for a flow: lazily, its adapter is never registered nor started, and no record is
     * consumed (Spring Integration's behaviour, shadowtx or not). The application excludes both,
     * as Spring Boot's documentation says of beans that must start with the context.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class EagerTopology {

        @Bean
        static LazyInitializationExcludeFilter topologyAndFlowsAreEager() {
            return LazyInitializationExcludeFilter.forBeanTypes(KStream.class, IntegrationFlow.class);
        }
    }

    @Override
    String name() {
        return "leak matrix, lazy initialization";
    }
}
