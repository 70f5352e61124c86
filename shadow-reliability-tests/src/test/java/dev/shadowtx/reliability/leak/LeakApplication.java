package dev.shadowtx.reliability.leak;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.annotation.LiveOnly;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.RoutingKafkaTemplate;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One service with every side-effect channel of the leak matrix reachable on every path:
 * {@code POST /leak/{path}/{channel}?key=} performs one side effect carrying {@code key} and
 * answers with the mode observed where the effect ran. A command record on
 * {@code leak-commands} (key = key, value = channel) does the same from a Kafka listener.
 * {@code POST /load/{id}} is the mixed-load endpoint: one row, the mode in the answer.
 */
@SpringBootApplication(excludeName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@EnableAsync
@EnableJpaRepositories(considerNestedRepositories = true)
@EnableFeignClients(clients = LeakApplication.PaymentsClient.class)
public class LeakApplication {

    static final String LIVE_TOPIC = "leak-events";

    static final String LIVE_TX_TOPIC = "leak-tx-events";

    static final String COMMANDS_TOPIC = "leak-commands";

    static String mode() {
        return ShadowContextHolder.currentMode().map(ShadowMode::markerValue).orElse("live");
    }

    @Bean
    @Primary
    JpaTransactionManager transactionManager(jakarta.persistence.EntityManagerFactory entityManagerFactory) {
        return new JpaTransactionManager(entityManagerFactory);
    }

    @Bean
    JdbcTransactionManager jdbcTransactionManager(javax.sql.DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    /**
     * Boot's factory is transactional (transaction-id-prefix), so Boot also declares
     * {@code kafkaTransactionManager} and makes the listener containers transactional, as in a
     * real service; plain sends outside a transaction stay allowed.
     */
    @Bean
    @Primary
    KafkaTemplate<String, String> kafkaTemplate(ProducerFactory<String, String> producerFactory) {
        KafkaTemplate<String, String> template = new KafkaTemplate<>(producerFactory);
        template.setAllowNonTransactional(true);
        return template;
    }

    /**
     * A template over a producer factory built inline, as spring-kafka's reference shows it: the
     * factory is no bean.
     */
    @Bean
    KafkaTemplate<String, String> inlineFactoryKafkaTemplate(
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(plainProducerConfig(bootstrapServers)));
    }

    /**
     * A routing template whose factories are built inline, one per topic pattern.
     */
    @Bean
    RoutingKafkaTemplate routingKafkaTemplate(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        Map<Pattern, ProducerFactory<Object, Object>> factories = new LinkedHashMap<>();
        factories.put(
                Pattern.compile("leak-tx-.*"),
                new DefaultKafkaProducerFactory<>(plainProducerConfig(bootstrapServers)));
        factories.put(Pattern.compile(".*"), new DefaultKafkaProducerFactory<>(plainProducerConfig(bootstrapServers)));
        return new RoutingKafkaTemplate(factories);
    }

    static Map<String, Object> plainProducerConfig(String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class);
    }

    @Entity
    @Table(name = "leak_rows")
    static class LeakRow {

        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;

        String k;

        protected LeakRow() {}

        LeakRow(String k) {
            this.k = k;
        }
    }

    interface LeakRowRepository extends JpaRepository<LeakRow, Long> {}

    @FeignClient(name = "payments", url = "${live.url}")
    interface PaymentsClient {

        @org.springframework.web.bind.annotation.PostMapping("/feign")
        String charge(@RequestParam("key") String key);
    }

    /**
     * An SDK-like client no HTTP guard sees: only {@code @LiveOnly} keeps it from running.
     */
    @Component
    static class ProviderSdk {

        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        private final String liveUrl;

        ProviderSdk(@Value("${live.url}") String liveUrl) {
            this.liveUrl = liveUrl;
        }

        @LiveOnly
        public void notify(String key) throws Exception {
            this.http.send(
                    HttpRequest.newBuilder(URI.create(this.liveUrl + "/sdk?key=" + key))
                            .POST(HttpRequest.BodyPublishers.ofString(key))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    @Component
    static class Writer {

        private final JdbcTemplate jdbc;

        Writer(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        void insert(String key) {
            this.jdbc.update("insert into leak_rows (k) values (?)", key);
        }

        @Transactional
        public void transactional(String key) {
            insert(key);
        }

        @Transactional(propagation = Propagation.REQUIRES_NEW)
        public void requiresNew(String key) {
            insert(key);
        }

        @Transactional(transactionManager = "jdbcTransactionManager", propagation = Propagation.NESTED)
        public void nested(String key) {
            insert(key);
        }
    }

    @Component
    static class OuterWriter {

        private final Writer writer;

        OuterWriter(Writer writer) {
            this.writer = writer;
        }

        @Transactional
        public void withRequiresNew(String key) {
            this.writer.insert(key + "-outer");
            this.writer.requiresNew(key);
        }

        @Transactional(transactionManager = "jdbcTransactionManager")
        public void withNested(String key) {
            this.writer.insert(key + "-outer");
            this.writer.nested(key);
        }
    }

    /**
     * Performs one side effect; answers {@code <mode observed>:<outcome>}.
     */
    @Component
    static class SideEffects {

        private final Writer writer;

        private final OuterWriter outer;

        private final TransactionTemplate template;

        private final LeakRowRepository repository;

        private final PaymentsClient feign;

        private final RestClient restClient;

        private final WebClient webClient;

        private final KafkaTemplate<String, String> kafka;

        private final TransactionTemplate kafkaTransaction;

        private final KafkaTemplate<String, String> inlineFactoryKafka;

        private final RoutingKafkaTemplate routingKafka;

        private final ProviderSdk sdk;

        @SuppressWarnings("unchecked")
        SideEffects(
                Writer writer,
                OuterWriter outer,
                PlatformTransactionManager manager,
                LeakRowRepository repository,
                PaymentsClient feign,
                RestClient.Builder restClient,
                WebClient.Builder webClient,
                KafkaTemplate<String, String> kafka,
                ApplicationContext context,
                ProviderSdk sdk,
                @Value("${live.url}") String liveUrl) {
            this.writer = writer;
            this.outer = outer;
            this.template = new TransactionTemplate(manager);
            this.repository = repository;
            this.feign = feign;
            this.restClient = restClient.baseUrl(liveUrl).build();
            this.webClient = webClient.baseUrl(liveUrl).build();
            this.kafka = kafka;
            this.kafkaTransaction = new TransactionTemplate(
                    context.getBean("kafkaTransactionManager", PlatformTransactionManager.class));
            this.inlineFactoryKafka = context.getBean("inlineFactoryKafkaTemplate", KafkaTemplate.class);
            this.routingKafka = context.getBean("routingKafkaTemplate", RoutingKafkaTemplate.class);
            this.sdk = sdk;
        }

        String perform(Channel channel, String key) {
            String mode = mode();
            try {
                switch (channel) {
                    case TRANSACTIONAL -> this.writer.transactional(key);
                    case REQUIRES_NEW -> this.outer.withRequiresNew(key);
                    case NESTED -> this.outer.withNested(key);
                    case TRANSACTION_TEMPLATE ->
                        this.template.executeWithoutResult((status) -> this.writer.insert(key));
                    case JPA -> this.repository.saveAndFlush(new LeakRow(key));
                    case JDBC_AUTO_COMMIT -> this.writer.insert(key);
                    case FEIGN_POST -> this.feign.charge(key);
                    case REST_CLIENT_POST ->
                        this.restClient
                                .post()
                                .uri("/rest-client?key={key}", key)
                                .body(key)
                                .retrieve()
                                .toBodilessEntity();
                    case WEB_CLIENT_POST ->
                        this.webClient
                                .post()
                                .uri("/web-client?key={key}", key)
                                .bodyValue(key)
                                .retrieve()
                                .toBodilessEntity()
                                .block(Duration.ofSeconds(10));
                    case KAFKA_SEND -> this.kafka.send(LIVE_TOPIC, key, key).get(10, TimeUnit.SECONDS);
                    case KAFKA_TRANSACTIONAL_SEND ->
                        this.kafkaTransaction.executeWithoutResult((status) -> {
                            try {
                                this.kafka.send(LIVE_TX_TOPIC, key, key).get(10, TimeUnit.SECONDS);
                            } catch (Exception ex) {
                                throw new IllegalStateException(ex);
                            }
                        });
                    case KAFKA_INLINE_FACTORY_TEMPLATE_SEND ->
                        this.inlineFactoryKafka.send(LIVE_TOPIC, key, key).get(10, TimeUnit.SECONDS);
                    case KAFKA_ROUTING_TEMPLATE_SEND ->
                        this.routingKafka.send(LIVE_TOPIC, key, key).get(10, TimeUnit.SECONDS);
                    case LIVE_ONLY_METHOD -> this.sdk.notify(key);
                }
                return mode + ":done";
            } catch (Exception ex) {
                if (isBlocked(ex)) {
                    return mode + ":blocked";
                }
                throw (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
            }
        }

        private static boolean isBlocked(Throwable ex) {
            for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
                if (cause instanceof ShadowBlockedException) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Writes a row in a transaction, then holds it open until a test releases it: the fault tests
     * kill the PostgreSQL backend meanwhile.
     */
    @Component
    public static class HoldingWriter {

        private final Map<String, Integer> backends = new ConcurrentHashMap<>();

        private final Map<String, java.util.concurrent.CountDownLatch> gates = new ConcurrentHashMap<>();

        private final JdbcTemplate jdbc;

        HoldingWriter(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Transactional
        public void writeAndHold(String key) throws InterruptedException {
            this.jdbc.update("insert into leak_rows (k) values (?)", key);
            java.util.concurrent.CountDownLatch gate =
                    this.gates.computeIfAbsent(key, (k) -> new java.util.concurrent.CountDownLatch(1));
            this.backends.put(key, this.jdbc.queryForObject("select pg_backend_pid()", Integer.class));
            gate.await(30, TimeUnit.SECONDS);
            this.jdbc.update("insert into leak_rows (k) values (?)", key + "-after");
        }

        public Integer backend(String key) {
            return this.backends.get(key);
        }

        public void release(String key) {
            this.gates
                    .computeIfAbsent(key, (k) -> new java.util.concurrent.CountDownLatch(1))
                    .countDown();
        }
    }

    @Component
    static class AsyncPath {

        private final SideEffects effects;

        AsyncPath(SideEffects effects) {
            this.effects = effects;
        }

        @Async
        public CompletableFuture<String> perform(Channel channel, String key) {
            return CompletableFuture.completedFuture(this.effects.perform(channel, key));
        }
    }

    /**
     * The Kafka-listener path: outcome per key, read by the test.
     */
    @Component
    static class CommandListener {

        final Map<String, String> outcomes = new ConcurrentHashMap<>();

        private final SideEffects effects;

        CommandListener(SideEffects effects) {
            this.effects = effects;
        }

        @KafkaListener(id = "leak-commands", topics = COMMANDS_TOPIC)
        public void on(ConsumerRecord<String, String> record) {
            String outcome;
            try {
                outcome = this.effects.perform(Channel.valueOf(record.value()), record.key());
            } catch (RuntimeException ex) {
                outcome = mode() + ":error:" + ex;
            }
            this.outcomes.put(record.key(), outcome);
        }
    }

    @RestController
    static class LeakController {

        private final SideEffects effects;

        private final AsyncPath async;

        private final Executor executor;

        private final JdbcTemplate jdbc;

        private final HoldingWriter holdingWriter;

        LeakController(
                SideEffects effects,
                AsyncPath async,
                @Qualifier("applicationTaskExecutor") Executor executor,
                JdbcTemplate jdbc,
                HoldingWriter holdingWriter) {
            this.holdingWriter = holdingWriter;
            this.effects = effects;
            this.async = async;
            this.executor = executor;
            this.jdbc = jdbc;
        }

        @PostMapping("/leak/{path}/{channel}")
        Map<String, String> leak(@PathVariable Path path, @PathVariable Channel channel, @RequestParam String key) {
            String outcome = switch (path) {
                case REQUEST_THREAD -> this.effects.perform(channel, key);
                case ASYNC -> this.async.perform(channel, key).join();
                case COMPLETABLE_FUTURE ->
                    CompletableFuture.supplyAsync(() -> this.effects.perform(channel, key), this.executor)
                            .join();
                case REACTOR ->
                    Mono.fromCallable(() -> this.effects.perform(channel, key))
                            .subscribeOn(Schedulers.boundedElastic())
                            .block(Duration.ofSeconds(30));
                case KAFKA_LISTENER -> throw new IllegalArgumentException("sent as a record, not over HTTP");
            };
            return Map.of("request", mode(), "effect", String.valueOf(outcome));
        }

        @PostMapping("/hold/{key}")
        Map<String, String> hold(@PathVariable String key) throws InterruptedException {
            this.holdingWriter.writeAndHold(key);
            return Map.of("mode", mode());
        }

        @PostMapping("/load/{id}")
        Map<String, String> load(@PathVariable String id) {
            this.jdbc.update("insert into load_rows (id, mode) values (?, ?)", id, mode());
            return Map.of("id", id, "mode", mode());
        }
    }
}
