package dev.shadowtx.summary.autoconfigure;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowProperties;
import dev.shadowtx.core.ShadowDescriptor;
import dev.shadowtx.jdbc.autoconfigure.ShadowJdbcProperties;
import dev.shadowtx.r2dbc.autoconfigure.ShadowR2dbcProperties;
import dev.shadowtx.summary.ShadowStartupSummary;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionProperties;
import dev.shadowtx.web.autoconfigure.ShadowProtectionProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * What shadowtx does in this application: the {@code core} description (detection, trust, the
 * guards, protection), which reads the settings of several technologies, and the startup summary
 * that logs every {@link ShadowDescriptor} in one line. The R2DBC settings are read where the R2DBC
 * auto-configuration binds them: an application without R2DBC binds none, and no R2DBC guard is
 * listed where none is installed.
 */
@AutoConfiguration(after = ShadowAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@EnableConfigurationProperties({
    ShadowProperties.class,
    ShadowTransactionProperties.class,
    ShadowProtectionProperties.class
})
public final class ShadowSummaryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "shadowCoreDescriptor")
    ShadowDescriptor shadowCoreDescriptor(
            ShadowProperties properties,
            ShadowTransactionProperties transactions,
            ObjectProvider<ShadowR2dbcProperties> r2dbc,
            ShadowProtectionProperties protection,
            Environment environment) {
        return new CoreDescriptor(
                properties, transactions, ShadowJdbcProperties.bind(environment), r2dbc.getIfAvailable(), protection);
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowStartupSummary shadowStartupSummary(ObjectProvider<ShadowDescriptor> descriptors) {
        return new ShadowStartupSummary(descriptors);
    }
}
