package dev.shadowtx.sample;

import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The {@code postgres} profile routes shadow work to a shadow store kept current from the live
 * database (see application-postgres.yml): its schema comes from the same script as the live one,
 * with order ids in a range the live database never reaches.
 */
@Configuration(proxyBeanMethods = false)
@Profile("postgres")
class ShadowStoreConfiguration {

    @Bean
    InitializingBean shadowStoreSchema(@Qualifier("shadowDataSource") DataSource shadowStore) {
        return () -> new ResourceDatabasePopulator(
                        new ClassPathResource("schema.sql"), new ClassPathResource("shadow-schema.sql"))
                .execute(shadowStore);
    }
}
