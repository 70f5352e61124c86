package dev.shadowtx.compare.autoconfigure;

import dev.shadowtx.compare.capture.CaptureCounters;
import dev.shadowtx.compare.capture.CaptureMeter;
import dev.shadowtx.compare.capture.ChunkPool;
import dev.shadowtx.compare.capture.CorrelationIds;
import dev.shadowtx.compare.capture.ExchangeCapture;
import dev.shadowtx.compare.capture.ExchangePublisher;
import dev.shadowtx.compare.capture.ExchangeSampler;
import dev.shadowtx.compare.capture.ExchangeSink;
import dev.shadowtx.compare.capture.KafkaExchangeSink;
import dev.shadowtx.compare.capture.Redaction;
import dev.shadowtx.compare.capture.ServiceIdentity;
import dev.shadowtx.compare.capture.reactive.ExchangeCaptureWebFilter;
import dev.shadowtx.compare.capture.servlet.ExchangeCaptureFilter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Exchange-record capture, when {@code shadow.compare.capture.enabled=true}: a servlet filter or
 * a WebFlux filter captures sampled requests, and a publisher with a Kafka producer of its own
 * (configured from {@code spring.kafka.*} and {@code shadow.compare.capture.producer.*}) sends
 * the records to {@code shadow.compare.topic} off the request thread. Fails at startup, naming
 * the property, when something captured would be redacted and no redaction key is set.
 */
@AutoConfiguration(
        afterName = {
            "dev.shadowtx.autoconfigure.ShadowAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
        })
@ConditionalOnBooleanProperty("shadow.compare.capture.enabled")
@ConditionalOnWebApplication
@EnableConfigurationProperties({ShadowCompareProperties.class, ShadowCaptureProperties.class})
public final class ShadowCaptureAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ServiceIdentity shadowCaptureServiceIdentity(
            ShadowCompareProperties compare,
            ShadowCaptureProperties capture,
            ObjectProvider<BuildProperties> buildProperties,
            Environment environment) {
        String service = environment.getProperty("spring.application.name", "application");
        return new ServiceIdentity(
                service, version(compare, buildProperties, environment), instance(capture, environment));
    }

    /**
     * The release: {@code shadow.compare.version}, else the build-info version, else
     * {@code spring.application.version}, else {@code unknown}.
     */
    static String version(
            ShadowCompareProperties compare, ObjectProvider<BuildProperties> buildProperties, Environment environment) {
        if (StringUtils.hasText(compare.getVersion())) {
            return compare.getVersion();
        }
        BuildProperties build = buildProperties.getIfAvailable();
        if (build != null && StringUtils.hasText(build.getVersion())) {
            return build.getVersion();
        }
        String applicationVersion = environment.getProperty("spring.application.version");
        return StringUtils.hasText(applicationVersion) ? applicationVersion : "unknown";
    }

    private static String instance(ShadowCaptureProperties capture, Environment environment) {
        if (StringUtils.hasText(capture.getInstance())) {
            return capture.getInstance();
        }
        String hostname = environment.getProperty("HOSTNAME");
        if (StringUtils.hasText(hostname)) {
            return hostname;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException ex) {
            return "unknown";
        }
    }

    @Bean
    @ConditionalOnMissingBean
    Redaction shadowCaptureRedaction(ShadowCaptureProperties capture) {
        ShadowCaptureProperties.Redact redact = capture.getRedact();
        Redaction redaction =
                new Redaction(redact.getHeaders(), redact.getQueryParameters(), redact.getJsonPaths(), redact.getKey());
        List<String> captured = new ArrayList<>(capture.getRequestHeaders());
        captured.addAll(capture.getResponseHeaders());
        redaction.requireKeyFor(captured);
        return redaction;
    }

    @Bean
    @ConditionalOnMissingBean
    CaptureCounters shadowCaptureCounters() {
        return new CaptureCounters();
    }

    @Bean
    @ConditionalOnMissingBean
    ExchangeSink shadowCaptureSink(
            ShadowCompareProperties compare,
            ShadowCaptureProperties capture,
            ObjectProvider<KafkaProperties> kafkaProperties) {
        Map<String, Object> configuration = new HashMap<>();
        KafkaProperties kafka = kafkaProperties.getIfAvailable();
        if (kafka != null) {
            configuration.putAll(kafka.buildProducerProperties());
        }
        configuration.putAll(capture.getProducer());
        if (configuration.get("bootstrap.servers") == null) {
            throw new IllegalStateException("shadow.compare.capture.producer.bootstrap.servers (or"
                    + " spring.kafka.bootstrap-servers) must be set for capture to publish exchange records");
        }
        return new KafkaExchangeSink(compare.getTopic(), configuration);
    }

    @Bean
    @ConditionalOnMissingBean
    ExchangePublisher shadowCapturePublisher(
            ShadowCaptureProperties capture,
            ServiceIdentity identity,
            Redaction redaction,
            ExchangeSink sink,
            CaptureCounters counters) {
        return new ExchangePublisher(
                capture.getQueueCapacity(),
                identity,
                capture.getRequestHeaders(),
                capture.getResponseHeaders(),
                redaction,
                sink,
                counters);
    }

    @Bean
    @ConditionalOnMissingBean
    ExchangeCapture shadowExchangeCapture(
            ShadowCompareProperties compare, ShadowCaptureProperties capture, ExchangePublisher publisher) {
        long maxBodySize = capture.getMaxBodySize().toBytes();
        if (maxBodySize < 0 || maxBodySize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "shadow.compare.capture.max-body-size must be between 0 and 2GB, was " + maxBodySize);
        }
        int poolChunks = (int) Math.min(256, 2L * capture.getQueueCapacity());
        return new ExchangeCapture(
                new ExchangeSampler(capture.getSampleRate()),
                new CorrelationIds(compare.getCorrelationHeaders()),
                capture.getRequestHeaders(),
                capture.getResponseHeaders(),
                (int) maxBodySize,
                new ChunkPool(poolChunks),
                publisher);
    }

    /**
     * The filter of servlet applications.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.HandlerMapping")
    static final class ServletCapture {

        @Bean
        @ConditionalOnMissingFilterBean(ExchangeCaptureFilter.class)
        FilterRegistrationBean<ExchangeCaptureFilter> shadowExchangeCaptureFilter(ExchangeCapture capture) {
            FilterRegistrationBean<ExchangeCaptureFilter> registration =
                    new FilterRegistrationBean<>(new ExchangeCaptureFilter(capture));
            registration.setOrder(ExchangeCaptureFilter.ORDER);
            registration.setDispatcherTypes(DispatcherType.REQUEST);
            return registration;
        }
    }

    /**
     * The filter of WebFlux applications.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
    static final class ReactiveCapture {

        @Bean
        @ConditionalOnMissingBean
        ExchangeCaptureWebFilter shadowExchangeCaptureWebFilter(ExchangeCapture capture) {
            return new ExchangeCaptureWebFilter(capture);
        }
    }

    /**
     * The {@code shadow.compare.capture.*} meters.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static final class CaptureMeters {

        @Bean
        @ConditionalOnMissingBean(name = "shadowCaptureMeterBinder")
        MeterBinder shadowCaptureMeterBinder(CaptureCounters counters) {
            return (registry) -> {
                counter(registry, CaptureMeter.CAPTURED, counters, CaptureCounters::capturedCount, null);
                counter(registry, CaptureMeter.PUBLISHED, counters, CaptureCounters::publishedCount, null);
                counter(registry, CaptureMeter.DROPPED, counters, CaptureCounters::droppedQueueFullCount, "queue-full");
                counter(
                        registry,
                        CaptureMeter.DROPPED,
                        counters,
                        CaptureCounters::droppedSendFailedCount,
                        "send-failed");
                counter(registry, CaptureMeter.SKIPPED, counters, CaptureCounters::skippedStreamingCount, "streaming");
            };
        }

        private static void counter(
                io.micrometer.core.instrument.MeterRegistry registry,
                CaptureMeter meter,
                CaptureCounters counters,
                ToDoubleFunction<CaptureCounters> count,
                @Nullable String reason) {
            FunctionCounter.Builder<CaptureCounters> builder = FunctionCounter.builder(
                            meter.meterName(), counters, count)
                    .description(meter.description())
                    .baseUnit(meter.baseUnit());
            if (reason != null) {
                builder.tag("reason", reason);
            }
            builder.register(registry);
        }
    }
}
