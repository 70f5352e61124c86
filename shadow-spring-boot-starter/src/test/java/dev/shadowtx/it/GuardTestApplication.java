package dev.shadowtx.it;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * A small service that writes the same row in every way a Spring application commonly does.
 */
@SpringBootApplication(excludeName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@org.springframework.data.jpa.repository.config.EnableJpaRepositories(considerNestedRepositories = true)
class GuardTestApplication {

    static String mode() {
        return ShadowContextHolder.currentMode().map(ShadowMode::markerValue).orElse("live");
    }

    /**
     * The application's main transaction manager, declared by the user.
     */
    @Bean
    @org.springframework.context.annotation.Primary
    org.springframework.orm.jpa.JpaTransactionManager transactionManager(
            jakarta.persistence.EntityManagerFactory entityManagerFactory) {
        return new org.springframework.orm.jpa.JpaTransactionManager(entityManagerFactory);
    }

    /**
     * A second, JDBC transaction manager for savepoints (JPA cannot do NESTED): the guard holds for
     * every manager bean, not only the primary one.
     */
    @Bean
    org.springframework.jdbc.support.JdbcTransactionManager jdbcTransactionManager(javax.sql.DataSource dataSource) {
        return new org.springframework.jdbc.support.JdbcTransactionManager(dataSource);
    }

    @Bean
    DefaultErrorAttributes errorAttributes() {
        return new DefaultErrorAttributes() {
            @Override
            public Map<String, Object> getErrorAttributes(
                    WebRequest webRequest, org.springframework.boot.web.error.ErrorAttributeOptions options) {
                Map<String, Object> attributes = super.getErrorAttributes(webRequest, options);
                attributes.put("mode", mode());
                return attributes;
            }
        };
    }

    /**
     * Reports, on every response, the mode the body was written in: for a deferred result that is
     * the ASYNC dispatch.
     */
    @org.springframework.web.bind.annotation.ControllerAdvice
    static class ModeHeaderAdvice
            implements org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice<Object> {

        @Override
        public boolean supports(
                org.springframework.core.MethodParameter returnType,
                Class<? extends org.springframework.http.converter.HttpMessageConverter<?>> converterType) {
            return true;
        }

        @Override
        public Object beforeBodyWrite(
                Object body,
                org.springframework.core.MethodParameter returnType,
                org.springframework.http.MediaType contentType,
                Class<? extends org.springframework.http.converter.HttpMessageConverter<?>> converterType,
                org.springframework.http.server.ServerHttpRequest request,
                org.springframework.http.server.ServerHttpResponse response) {
            response.getHeaders().set("X-Mode", mode());
            return body;
        }
    }

    /**
     * Holds requests to {@code /slow} until a test opens the gate.
     */
    static final class SlowGate {

        static volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);

        static final java.util.concurrent.atomic.AtomicInteger entered =
                new java.util.concurrent.atomic.AtomicInteger();

        private SlowGate() {}

        static void reset() {
            gate = new java.util.concurrent.CountDownLatch(1);
            entered.set(0);
        }
    }

    @Entity
    @Table(name = "orders")
    static class OrderEntity {

        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;

        String item;

        protected OrderEntity() {}

        OrderEntity(String item) {
            this.item = item;
        }
    }

    interface OrderRepository extends JpaRepository<OrderEntity, Long> {

        long countByItem(String item);
    }

    @Service
    static class Writer {

        private final JdbcTemplate jdbc;

        Writer(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        void insert(String item) {
            this.jdbc.update("insert into orders (item) values (?)", item);
        }

        @Transactional
        void transactional(String item) {
            insert(item);
        }

        @Transactional(propagation = Propagation.REQUIRES_NEW)
        void requiresNew(String item) {
            insert(item);
        }

        @Transactional(transactionManager = "jdbcTransactionManager", propagation = Propagation.NESTED)
        void nested(String item) {
            insert(item);
        }
    }

    @Service
    static class OuterWriter {

        private final Writer writer;

        OuterWriter(Writer writer) {
            this.writer = writer;
        }

        @Transactional
        void withRequiresNew(String item) {
            this.writer.insert(item + "-outer");
            this.writer.requiresNew(item);
        }

        @Transactional(transactionManager = "jdbcTransactionManager")
        void withNested(String item) {
            this.writer.insert(item + "-outer");
            this.writer.nested(item);
        }
    }

    @RestController
    static class WriteController {

        private final Writer writer;

        private final OuterWriter outer;

        private final TransactionTemplate template;

        private final OrderRepository repository;

        private final JdbcTemplate jdbc;

        WriteController(
                Writer writer,
                OuterWriter outer,
                PlatformTransactionManager manager,
                OrderRepository repository,
                JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            this.writer = writer;
            this.outer = outer;
            this.template = new TransactionTemplate(manager);
            this.repository = repository;
        }

        @PostMapping("/write/{style}")
        Map<String, String> write(@PathVariable String style, @RequestParam String item) {
            switch (style) {
                case "transactional" -> this.writer.transactional(item);
                case "requires-new" -> this.outer.withRequiresNew(item);
                case "nested" -> this.outer.withNested(item);
                case "template" -> this.template.executeWithoutResult((status) -> this.writer.insert(item));
                case "jpa" -> this.repository.saveAndFlush(new OrderEntity(item));
                case "jdbc-auto-commit" -> this.writer.insert(item);
                default -> throw new IllegalArgumentException(style);
            }
            Map<String, String> body = new java.util.LinkedHashMap<>();
            body.put("status", "created");
            body.put("item", item);
            return body;
        }

        /**
         * Writes the request body as the item and answers it: the body reached the application.
         */
        @PostMapping("/write-body")
        String writeBody(@org.springframework.web.bind.annotation.RequestBody String item) {
            this.writer.insert(item);
            return item;
        }

        /**
         * Writes the item of a posted form and answers it.
         */
        @PostMapping(path = "/write-form", consumes = "application/x-www-form-urlencoded")
        String writeForm(@RequestParam String item) {
            this.writer.insert(item);
            return item;
        }

        @PostMapping("/write-then-fail")
        void writeThenFail(@RequestParam String item) {
            this.writer.insert(item);
            throw new IllegalStateException("failed after writing");
        }

        @GetMapping("/mode")
        Map<String, String> currentMode() {
            return Map.of("mode", mode());
        }

        @PostMapping("/rename")
        @Transactional
        Map<String, Integer> rename(@RequestParam String from, @RequestParam String to) {
            return Map.of("renamed", this.jdbc.update("update orders set item = ? where item = ?", to, from));
        }

        @GetMapping("/lock-timeout")
        Map<String, String> lockTimeout() {
            return Map.of("lock_timeout", this.jdbc.queryForObject("show lock_timeout", String.class));
        }

        @GetMapping("/slow")
        Map<String, String> slow() throws InterruptedException {
            SlowGate.entered.incrementAndGet();
            if (!SlowGate.gate.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("The gate was never opened");
            }
            return Map.of("mode", mode());
        }

        @GetMapping("/deferred")
        DeferredResult<Map<String, String>> deferred() {
            DeferredResult<Map<String, String>> result = new DeferredResult<>();
            CompletableFuture.runAsync(() -> result.setResult(Map.of("completed", "elsewhere")));
            return result;
        }
    }
}
