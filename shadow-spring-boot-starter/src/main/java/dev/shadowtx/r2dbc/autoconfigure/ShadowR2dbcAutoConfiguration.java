package dev.shadowtx.r2dbc.autoconfigure;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.r2dbc.ShadowConnectionFactoryPostProcessor;
import dev.shadowtx.jdbc.autoconfigure.ShadowJdbcAutoConfiguration;
import dev.shadowtx.jdbc.autoconfigure.ShadowJdbcProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The R2DBC guard on every R2DBC connection factory of the application: connections created in
 * shadow never commit, even with auto-commit code ({@code shadow.r2dbc.guard}).
 */
@AutoConfiguration(after = ShadowAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnClass(name = {"io.r2dbc.spi.ConnectionFactory", "reactor.core.publisher.Mono"})
@EnableConfigurationProperties(ShadowR2dbcProperties.class)
public final class ShadowR2dbcAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "shadow.r2dbc.guard", matchIfMissing = true)
    static ShadowConnectionFactoryPostProcessor shadowConnectionFactoryPostProcessor(
            ObjectProvider<ShadowRecorder> recorder, Environment environment) {
        return new ShadowConnectionFactoryPostProcessor(
                ShadowRecorder.lazy(recorder),
                ShadowJdbcAutoConfiguration.shadowSafeProcedures(ShadowJdbcProperties.bind(environment)));
    }
}
