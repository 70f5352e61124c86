package dev.shadowtx.materialize.autoconfigure;

import dev.shadowtx.autoconfigure.jdbc.ShadowJdbcRoutingAutoConfiguration;
import dev.shadowtx.core.ShadowDescriptor;
import dev.shadowtx.core.routing.ShadowRoute;
import dev.shadowtx.materialize.ChangeSource;
import dev.shadowtx.materialize.MaterializedShadowStore;
import dev.shadowtx.materialize.source.EmbeddedChangeSource;
import dev.shadowtx.materialize.source.KafkaChangeSource;
import dev.shadowtx.materialize.source.SourceDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The materialized shadow store: with {@code shadow.jdbc.mode=ROUTE} and
 * {@code shadow.materialize.enabled=true}, the live database's committed changes stream into the
 * shadow store ({@code shadowDataSource}), except on rows shadow traffic owns.
 */
@AutoConfiguration(
        after = ShadowJdbcRoutingAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("shadow.materialize.enabled")
@EnableConfigurationProperties(ShadowMaterializeProperties.class)
public final class ShadowMaterializeAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MaterializedShadowStore materializedShadowStore(
            ShadowMaterializeProperties properties,
            BeanFactory beanFactory,
            Environment environment,
            ObjectProvider<MeterRegistry> meters) {
        DataSource shadowStore = shadowStore(beanFactory, environment);
        if (properties.getTables().isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.materialize.tables", "", "List the tables to materialize");
        }
        if (properties.getOwnershipTtl().isNegative()
                || properties.getOwnershipTtl().isZero()) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.materialize.ownership-ttl", properties.getOwnershipTtl(), "Must be positive");
        }
        if (properties.getExpiryInterval().isNegative()
                || properties.getExpiryInterval().isZero()) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.materialize.expiry-interval", properties.getExpiryInterval(), "Must be positive");
        }
        return new MaterializedShadowStore(
                shadowStore,
                properties.getTables(),
                source(properties, shadowStore, environment),
                meters.getIfAvailable(CompositeMeterRegistry::new),
                properties.getOwnershipTtl(),
                properties.getExpiryInterval());
    }

    @Bean
    @ConditionalOnMissingBean(name = "shadowMaterializeDescriptor")
    ShadowDescriptor shadowMaterializeDescriptor(MaterializedShadowStore store) {
        return new ShadowDescriptor() {

            @Override
            public String section() {
                return "materialize";
            }

            @Override
            public Map<String, Object> settings() {
                return store.settings();
            }
        };
    }

    private static DataSource shadowStore(BeanFactory beanFactory, Environment environment) {
        String mode = environment.getProperty("shadow.jdbc.mode", "ROLLBACK");
        if (!"route".equalsIgnoreCase(mode) || !beanFactory.containsBean(ShadowRoute.SHADOW_DATA_SOURCE_BEAN_NAME)) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.jdbc.mode",
                    mode,
                    "shadow.materialize.enabled needs shadow.jdbc.mode=ROUTE and a shadow store"
                            + " (shadow.datasource.url or a shadowDataSource bean)");
        }
        return beanFactory.getBean(ShadowRoute.SHADOW_DATA_SOURCE_BEAN_NAME, DataSource.class);
    }

    static ChangeSource source(
            ShadowMaterializeProperties properties, DataSource shadowStore, Environment environment) {
        ShadowMaterializeProperties.Source source = properties.getSource();
        if (source.getType() == ShadowMaterializeProperties.SourceType.KAFKA) {
            return kafka(properties.getKafka(), environment);
        }
        String url = firstText(source.getUrl(), environment.getProperty("spring.datasource.url"));
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.materialize.source.url",
                    (url != null) ? url.replaceAll("\\?.*", "") : "",
                    "The embedded source reads a PostgreSQL database's log: name its JDBC URL"
                            + " (jdbc:postgresql://host:port/database)");
        }
        String username = firstText(source.getUsername(), environment.getProperty("spring.datasource.username"));
        String password = firstText(source.getPassword(), environment.getProperty("spring.datasource.password"));
        SourceDatabase database =
                new SourceDatabase(url, (username != null) ? username : "", (password != null) ? password : "");
        database.description(); // fails on a URL it cannot read
        if (!source.getSlotName().matches("[a-z0-9_]{1,63}")) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.materialize.source.slot-name",
                    source.getSlotName(),
                    "A replication slot name has lower-case letters, digits and underscores only");
        }
        return new EmbeddedChangeSource(
                database,
                shadowStore,
                new EmbeddedChangeSource.Settings(
                        source.getSlotName(),
                        source.getPublicationName(),
                        source.getSnapshotMode(),
                        properties.getTables(),
                        source.getOffsetFlushInterval().toMillis(),
                        source.getProperties()));
    }

    private static ChangeSource kafka(ShadowMaterializeProperties.Kafka kafka, Environment environment) {
        if (kafka.getTopics().isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.materialize.kafka.topics", "", "List the Debezium change topics to read");
        }
        List<String> servers = kafka.getBootstrapServers();
        String bootstrap = servers.isEmpty()
                ? environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092")
                : String.join(",", servers);
        Map<String, Object> config = new LinkedHashMap<>(kafka.getProperties());
        config.put("bootstrap.servers", bootstrap);
        config.put("group.id", kafka.getGroupId());
        return new KafkaChangeSource(config, kafka.getTopics());
    }

    private static @Nullable String firstText(@Nullable String first, @Nullable String second) {
        return StringUtils.hasText(first) ? first : second;
    }
}
