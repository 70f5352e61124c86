package dev.shadowtx.sample.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Makes {@code ./mvnw -pl sample-app -am spring-boot:run} work with nothing installed: before the
 * application context is created (so before anything connects to Kafka), it starts
 * <ul>
 * <li>an in-process KRaft Kafka broker with the topics {@code orders} and {@code orders.shadow},
 * unless {@code spring.kafka.bootstrap-servers} is set (the {@code postgres} profile sets it);</li>
 * <li>the {@link PaymentsSimulator payments provider and its test double}, unless
 * {@code payments.url} is set;</li>
 * </ul>
 * and points {@code spring.kafka.bootstrap-servers}, {@code payments.url} and
 * {@code payments.test-double-url} at them. Both become beans, stopped with the context.
 * <p>
 * This belongs to the sample only: it is how a demo gets a broker without Docker, not something
 * a service or a shadowtx artifact does.
 */
public class LocalInfrastructure implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "sampleLocalInfrastructure";

    private final Log log;

    private final ConfigurableBootstrapContext bootstrap;

    public LocalInfrastructure(DeferredLogFactory logs, ConfigurableBootstrapContext bootstrap) {
        this.log = logs.getLog(LocalInfrastructure.class);
        this.bootstrap = bootstrap;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (!environment.containsProperty("spring.kafka.bootstrap-servers")) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "orders", "orders.shadow");
            broker.afterPropertiesSet();
            properties.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
            promote("embeddedKafkaBroker", broker, broker::destroy);
            this.log.info("No spring.kafka.bootstrap-servers set: started an in-process KRaft broker at "
                    + broker.getBrokersAsString() + " with topics orders and orders.shadow");
        }
        if (!environment.containsProperty("payments.url")) {
            PaymentsSimulator payments = startPayments();
            properties.put("payments.url", payments.liveUrl());
            properties.put("payments.test-double-url", payments.testDoubleUrl());
            promote("paymentsSimulator", payments, payments::close);
            this.log.info("No payments.url set: started the payments provider at " + payments.liveUrl()
                    + " and its test double at " + payments.testDoubleUrl());
        }
        if (!properties.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, properties));
        }
    }

    private static PaymentsSimulator startPayments() {
        try {
            return PaymentsSimulator.start();
        } catch (IOException ex) {
            throw new UncheckedIOException("Could not start the payments simulator", ex);
        }
    }

    private void promote(String name, Object instance, DisposableBean stop) {
        this.bootstrap.addCloseListener((event) -> {
            ConfigurableListableBeanFactory beanFactory =
                    event.getApplicationContext().getBeanFactory();
            beanFactory.registerSingleton(name, instance);
            if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
                registry.registerDisposableBean(name, stop);
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
