package dev.shadowtx.compare.autoconfigure;

import dev.shadowtx.compare.analyzer.AnalyzerControl;
import dev.shadowtx.compare.analyzer.AnalyzerEvents;
import dev.shadowtx.compare.analyzer.AnalyzerMeters;
import dev.shadowtx.compare.analyzer.AnalyzerReports;
import dev.shadowtx.compare.analyzer.AnalyzerSettings;
import dev.shadowtx.compare.analyzer.AnalyzerTopology;
import dev.shadowtx.compare.analyzer.DashboardRoutes;
import dev.shadowtx.compare.analyzer.ShadowCompareEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.KafkaStreamsInfrastructureCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The analyzer ({@code shadow.compare.analyzer.enabled=true}): a Kafka Streams application of its
 * own (application id {@code shadow.compare.analyzer.application-id}, connection settings from
 * {@code spring.kafka.*}) that judges the exchange records, the {@code shadowcompare} actuator
 * endpoint, its meters and the dashboard page. Enabling it without Kafka Streams on the classpath
 * fails at startup.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnBooleanProperty("shadow.compare.analyzer.enabled")
@EnableConfigurationProperties({ShadowCompareProperties.class, AnalyzerProperties.class})
public final class ShadowCompareAnalyzerAutoConfiguration {

    /** Bean name of the analyzer's {@link StreamsBuilderFactoryBean}. */
    public static final String STREAMS_BEAN = "shadowCompareAnalyzerStreams";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.apache.kafka.streams.KafkaStreams")
    static final class KafkaStreamsMissing {

        @Bean
        @ConditionalOnMissingBean
        AnalyzerControl shadowCompareAnalyzerControl() {
            throw new IllegalStateException(
                    "shadow.compare.analyzer.enabled=true needs Kafka Streams: add the dependency"
                            + " org.apache.kafka:kafka-streams (its version is managed by Spring Boot)");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({KafkaStreams.class, StreamsBuilderFactoryBean.class, KafkaProperties.class})
    static final class Analyzer {

        @Bean
        @ConditionalOnMissingBean
        AnalyzerSettings shadowCompareAnalyzerSettings(ShadowCompareProperties shared, AnalyzerProperties analyzer) {
            return AnalyzerSettingsFactory.settings(shared, analyzer);
        }

        @Bean
        @ConditionalOnMissingBean
        AnalyzerControl shadowCompareAnalyzerControl() {
            return new AnalyzerControl();
        }

        @Bean(STREAMS_BEAN)
        @ConditionalOnMissingBean(name = STREAMS_BEAN)
        StreamsBuilderFactoryBean shadowCompareAnalyzerStreams(
                KafkaProperties kafka,
                AnalyzerProperties analyzer,
                AnalyzerSettings settings,
                AnalyzerControl control,
                ObjectProvider<AnalyzerEvents> events) {
            Map<String, Object> config = kafka.buildStreamsProperties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, analyzer.getApplicationId());
            config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
            config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
            StreamsBuilderFactoryBean factory = new StreamsBuilderFactoryBean(new KafkaStreamsConfiguration(config));
            factory.setAutoStartup(kafka.getStreams().isAutoStartup());
            factory.setInfrastructureCustomizer(new KafkaStreamsInfrastructureCustomizer() {
                @Override
                public void configureBuilder(StreamsBuilder builder) {
                    AnalyzerTopology.define(
                            builder, settings, events.getIfAvailable(() -> AnalyzerEvents.NONE), control);
                }
            });
            return factory;
        }

        @Bean
        @ConditionalOnMissingBean
        AnalyzerReports shadowCompareAnalyzerReports(
                @Qualifier(STREAMS_BEAN) ObjectProvider<StreamsBuilderFactoryBean> streams,
                AnalyzerSettings settings,
                AnalyzerControl control) {
            return new AnalyzerReports(
                    () -> {
                        StreamsBuilderFactoryBean factory = streams.getIfAvailable();
                        return factory == null ? null : factory.getKafkaStreams();
                    },
                    settings,
                    control);
        }

        @Bean
        @ConditionalOnMissingBean(name = "shadowCompareExchangesTopic")
        @ConditionalOnBooleanProperty(name = "shadow.compare.analyzer.create-topic", matchIfMissing = true)
        NewTopic shadowCompareExchangesTopic(ShadowCompareProperties shared) {
            return TopicBuilder.name(shared.getTopic()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({KafkaStreams.class, StreamsBuilderFactoryBean.class, KafkaProperties.class, MeterRegistry.class
    })
    static final class Meters {

        @Bean
        @ConditionalOnMissingBean
        AnalyzerEvents shadowCompareAnalyzerMeters(ObjectProvider<MeterRegistry> registry, AnalyzerReports reports) {
            MeterRegistry meterRegistry = registry.getIfAvailable();
            return meterRegistry == null ? AnalyzerEvents.NONE : new AnalyzerMeters(meterRegistry, reports::report);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({
        KafkaStreams.class,
        StreamsBuilderFactoryBean.class,
        KafkaProperties.class,
        Endpoint.class,
        ConditionalOnAvailableEndpoint.class
    })
    @ConditionalOnAvailableEndpoint(ShadowCompareEndpoint.class)
    static final class ReportEndpoint {

        @Bean
        @ConditionalOnMissingBean
        ShadowCompareEndpoint shadowCompareEndpoint(AnalyzerReports reports) {
            return new ShadowCompareEndpoint(reports);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({
        KafkaStreams.class,
        StreamsBuilderFactoryBean.class,
        KafkaProperties.class,
        RouterFunction.class
    })
    @ConditionalOnBooleanProperty(name = "shadow.compare.analyzer.dashboard.enabled", matchIfMissing = true)
    static final class Dashboard {

        @Bean
        @ConditionalOnMissingBean(name = "shadowCompareDashboard")
        RouterFunction<ServerResponse> shadowCompareDashboard(AnalyzerProperties analyzer, AnalyzerReports reports) {
            return DashboardRoutes.of(AnalyzerSettingsFactory.dashboardPath(analyzer), reports);
        }
    }
}
