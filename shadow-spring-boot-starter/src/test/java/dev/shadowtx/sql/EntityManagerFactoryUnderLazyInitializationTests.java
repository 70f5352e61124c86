package dev.shadowtx.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.testsupport.PlainJdbc;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hibernate generates the schema when its {@link EntityManagerFactory} is created, and under lazy
 * initialization that happens at startup: Spring Boot's own factory is created then anyway, and
 * one an application declares as a plain {@code EntityManagerFactory} bean is kept eager by
 * shadowtx. The first request that needs it, shadow or live, finds the table.
 */
class EntityManagerFactoryUnderLazyInitializationTests {

    private static final String R2DBC = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration";

    /**
     * Left out, like {@code spring.jpa.open-in-view}: each creates every entity manager factory at
     * startup, which would hide what an application without them does.
     */
    private static final String HIBERNATE_METRICS =
            "org.springframework.boot.hibernate.autoconfigure.metrics.HibernateMetricsAutoConfiguration";

    @ParameterizedTest
    @ValueSource(classes = {BootFactoryApplication.class, OwnFactoryApplication.class})
    void entityManagerFactoryGeneratesTheSchemaAtStartupAndAShadowRequestWritesNothing(Class<?> application)
            throws IOException {
        String url = url();
        try (ConfigurableApplicationContext context = start(application, url)) {
            assertThat(visits(url)).isEmpty();
            assertThat(LazyApplications.post(context, "/visits", LazyApplications.SHADOW)
                            .status())
                    .isEqualTo(200);
            assertThat(visits(url)).isEmpty();
            assertThat(LazyApplications.post(context, "/visits", LazyApplications.LIVE)
                            .status())
                    .isEqualTo(200);
            assertThat(visits(url)).containsExactly("1");
        }
    }

    @Test
    void applicationsEntityManagerFactoryGeneratesTheSchemaAtStartupAndALiveRequestCommits() throws IOException {
        String url = url();
        try (ConfigurableApplicationContext context = start(OwnFactoryApplication.class, url)) {
            assertThat(visits(url)).isEmpty();
            assertThat(LazyApplications.post(context, "/visits", LazyApplications.LIVE)
                            .status())
                    .isEqualTo(200);
            assertThat(visits(url)).containsExactly("1");
        }
    }

    private static String url() {
        return "jdbc:h2:mem:lazyinit_jpa_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    }

    private static List<String> visits(String url) {
        return new PlainJdbc(url, "sa", "").strings("select id from visits order by id");
    }

    private static ConfigurableApplicationContext start(Class<?> application, String url) {
        return LazyApplications.start(
                application,
                List.of(
                        "spring.datasource.url=" + url,
                        "spring.flyway.enabled=false",
                        "spring.autoconfigure.exclude=" + R2DBC + "," + HIBERNATE_METRICS,
                        "spring.jpa.hibernate.ddl-auto=create",
                        "spring.jpa.open-in-view=false"));
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(VisitController.class)
    static class BootFactoryApplication {}

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({VisitController.class, OwnFactory.class})
    static class OwnFactoryApplication {}

    /**
     * An entity manager factory declared as such, not as Spring's factory bean.
     */
    @Configuration(proxyBeanMethods = false)
    static class OwnFactory {

        @Bean
        EntityManagerFactory entityManagerFactory(DataSource dataSource) {
            LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
            factory.setDataSource(dataSource);
            factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
            factory.setManagedTypes(PersistenceManagedTypes.of(Visit.class.getName()));
            factory.setJpaPropertyMap(Map.of("hibernate.hbm2ddl.auto", "create"));
            factory.afterPropertiesSet();
            EntityManagerFactory entityManagerFactory = factory.getObject();
            assertThat(entityManagerFactory).isNotNull();
            return entityManagerFactory;
        }
    }

    @Entity(name = "Visit")
    @Table(name = "visits")
    static class Visit {

        @Id
        private @Nullable Long id;

        Visit() {}

        Visit(long id) {
            this.id = id;
        }
    }

    /**
     * Lazy like every bean of the application: created by the first request.
     */
    @RestController
    static class VisitController {

        private final EntityManagerFactory entityManagerFactory;

        VisitController(EntityManagerFactory entityManagerFactory) {
            this.entityManagerFactory = entityManagerFactory;
        }

        @PostMapping("/visits")
        String add() {
            try (EntityManager entityManager = this.entityManagerFactory.createEntityManager()) {
                entityManager.getTransaction().begin();
                entityManager.persist(new Visit(1));
                entityManager.getTransaction().commit();
            }
            return "added";
        }
    }
}
