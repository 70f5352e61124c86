package dev.shadowtx.compare.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.compare.analyzer.AnalyzerReports;
import dev.shadowtx.compare.analyzer.ShadowCompareEndpoint;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

class AnalyzerAutoConfigurationTests {

    /**
     * A state directory of this test's own: Kafka Streams locks its default one, shared by every
     * build on the machine.
     */
    private static final String STATE_DIR = "spring.kafka.streams.state-dir=" + System.getProperty("java.io.tmpdir")
            + "/shadow-compare-analyzer-tests-" + UUID.randomUUID();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(KafkaAutoConfiguration.class, ShadowCompareAnalyzerAutoConfiguration.class))
            .withPropertyValues("spring.kafka.streams.auto-startup=false", STATE_DIR);

    private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(KafkaAutoConfiguration.class, ShadowCompareAnalyzerAutoConfiguration.class))
            .withPropertyValues(STATE_DIR);

    @Test
    void staysOffUnlessEnabled() {
        this.runner.run(context -> {
            assertThat(context).doesNotHaveBean(AnalyzerReports.class);
            assertThat(context).doesNotHaveBean(StreamsBuilderFactoryBean.class);
        });
    }

    @Test
    void definesTheStreamsApplicationTheReportAndTheEndpointWhenEnabled() {
        this.runner
                .withPropertyValues(
                        "shadow.compare.analyzer.enabled=true",
                        "management.endpoints.web.exposure.include=shadowcompare")
                .run(context -> {
                    assertThat(context).hasSingleBean(AnalyzerReports.class);
                    assertThat(context).hasSingleBean(ShadowCompareEndpoint.class);
                    assertThat(context).hasBean(ShadowCompareAnalyzerAutoConfiguration.STREAMS_BEAN);
                    StreamsBuilderFactoryBean streams = context.getBean(
                            "&" + ShadowCompareAnalyzerAutoConfiguration.STREAMS_BEAN, StreamsBuilderFactoryBean.class);
                    assertThat(streams.getStreamsConfiguration())
                            .containsEntry("application.id", "shadow-compare-analyzer");
                    assertThat(context.getBean(AnalyzerReports.class).report().state())
                            .isEqualTo("NOT_STARTED");
                });
    }

    @Test
    void servesTheDashboardOnlyInAWebApplicationAndOnlyWhenNotSwitchedOff() {
        this.webRunner
                .withPropertyValues("shadow.compare.analyzer.enabled=true")
                .run(context -> assertThat(context).hasBean("shadowCompareDashboard"));
        this.webRunner
                .withPropertyValues(
                        "shadow.compare.analyzer.enabled=true", "shadow.compare.analyzer.dashboard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("shadowCompareDashboard"));
        this.runner
                .withPropertyValues("shadow.compare.analyzer.enabled=true")
                .run(context -> assertThat(context).doesNotHaveBean("shadowCompareDashboard"));
    }

    @Test
    void failsAtStartupNamingTheDependencyWhenKafkaStreamsIsMissing() {
        this.runner
                .withPropertyValues("shadow.compare.analyzer.enabled=true")
                .withClassLoader(new FilteredClassLoader(KafkaStreams.class))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("org.apache.kafka:kafka-streams"));
    }

    @Test
    void failsAtStartupNamingTheWrongProperty() {
        this.runner
                .withPropertyValues(
                        "shadow.compare.analyzer.enabled=true", "shadow.compare.analyzer.thresholds.relative=2")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("shadow.compare.analyzer.thresholds"));
        this.runner
                .withPropertyValues("shadow.compare.analyzer.enabled=true", "shadow.compare.analyzer.window=0s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("shadow.compare.analyzer.window"));
        this.webRunner
                .withPropertyValues(
                        "shadow.compare.analyzer.enabled=true", "shadow.compare.analyzer.dashboard.path=compare/")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("shadow.compare.analyzer.dashboard.path"));
    }
}
