package dev.shadowtx.jdbc.autoconfigure;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.tx.ShadowDataSourcePostProcessor;
import dev.shadowtx.core.tx.ShadowSessionLimits;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The JDBC guard on every data source of the application: shadow connections never commit, even
 * with auto-commit code ({@code shadow.jdbc.guard}), and shadow transactions on the live database
 * get the session limits {@code shadow.jdbc.lock-timeout} and {@code shadow.jdbc.statement-timeout}.
 */
@AutoConfiguration(after = ShadowAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
public final class ShadowJdbcAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "shadow.jdbc.guard", matchIfMissing = true)
    static ShadowDataSourcePostProcessor shadowDataSourcePostProcessor(
            ObjectProvider<ShadowRecorder> recorder, Environment environment) {
        return new ShadowDataSourcePostProcessor(
                ShadowRecorder.lazy(recorder), sessionLimits(ShadowJdbcProperties.bind(environment)));
    }

    static ShadowSessionLimits sessionLimits(ShadowJdbcProperties jdbc) {
        Duration lockTimeout = positive("shadow.jdbc.lock-timeout", jdbc.getLockTimeout());
        Duration statementTimeout = positive("shadow.jdbc.statement-timeout", jdbc.getStatementTimeout());
        return new ShadowSessionLimits(lockTimeout, statementTimeout, shadowSafeProcedures(jdbc));
    }

    /**
     * The procedures that shadow work may call, {@code shadow.jdbc.shadow-safe-procedures}.
     * @param jdbc the bound properties
     * @return the names
     * @throws InvalidConfigurationPropertyValueException when a name is blank
     */
    public static List<String> shadowSafeProcedures(ShadowJdbcProperties jdbc) {
        List<String> names = jdbc.getShadowSafeProcedures();
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new InvalidConfigurationPropertyValueException(
                        "shadow.jdbc.shadow-safe-procedures", names, "A procedure name must not be blank");
            }
        }
        return names;
    }

    private static @Nullable Duration positive(String name, @Nullable Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new InvalidConfigurationPropertyValueException(name, value, "The timeout must be positive");
        }
        return value;
    }
}
