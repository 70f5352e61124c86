package dev.shadowtx.reliability.leak;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.annotation.LiveOnly;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.feign.ShadowFeignCapability;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.eclipse.jetty.client.StringRequestContent;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.cloud.openfeign.clientconfig.FeignClientConfigurer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
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
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;

/**
 * One service with every side-effect channel of the leak matrix reachable on every path:
 * {@code POST /leak/{path}/{channel}?key=} performs one side effect carrying {@code key} and
 * answers with the mode observed where the effect ran. A command record on
 * {@code leak-commands} (key = key, value = channel) does the same from a Kafka listener, and one
 * on the topic of any other {@link CommandConsumer} from that consumer path (each switched on by
 * its own {@code leak.*} property, so that only the leak matrix runs them).
 * {@code POST /load/{id}} is the mixed-load endpoint: one row, the mode in the answer.
 * <p>
 * HTTP client beans of every supported library, JDBC templates and a {@code JdbcClient} over data
 * sources that are not beans, and a cache are declared by hand, the way applications and vendor
 * SDKs wire them.
 */
@SpringBootApplication(excludeName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@EnableAsync
@EnableCaching
@EnableJpaRepositories(considerNestedRepositories = true)
@EnableFeignClients(clients = {LeakApplication.PaymentsClient.class, LeakApplication.IsolatedPaymentsClient.class})
public class LeakApplication {

    static final String LIVE_TOPIC = "leak-events";

    static final String LIVE_TX_TOPIC = "leak-tx-events";

    static final String COMMANDS_TOPIC = "leak-commands";

    static final String STREAM_COMMANDS_TOPIC = "leak-stream-commands";

    static final String POLL_COMMANDS_TOPIC = "leak-poll-commands";

    static final String CACHE = "leak-cache";

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
     * Boot's template, kept the one injected by type while templates of other data sources exist.
     */
    @Bean
    @Primary
    JdbcTemplate jdbcTemplate(javax.sql.DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    /**
     * A template over a data source built inline, as code that opens its own connections does.
     */
    @Bean
    JdbcTemplate inlineJdbcTemplate(Environment environment) {
        return new JdbcTemplate(inlineDataSource(environment));
    }

    @Bean
    NamedParameterJdbcTemplate inlineNamedJdbcTemplate(Environment environment) {
        return new NamedParameterJdbcTemplate(inlineDataSource(environment));
    }

    @Bean
    JdbcClient inlineJdbcClient(Environment environment) {
        return JdbcClient.create(inlineDataSource(environment));
    }

    static javax.sql.DataSource inlineDataSource(Environment environment) {
        return new DriverManagerDataSource(
                environment.getRequiredProperty("spring.datasource.url"),
                environment.getRequiredProperty("spring.datasource.username"),
                environment.getRequiredProperty("spring.datasource.password"));
    }

    @Bean
    CacheManager cacheManager() {
        return new ConcurrentMapCacheManager(CACHE);
    }

    @Bean
    HttpClient vendorJdkClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Bean
    OkHttpClient vendorOkHttpClient() {
        return new OkHttpClient();
    }

    @Bean(destroyMethod = "close")
    CloseableHttpClient vendorApacheClient() {
        return HttpClients.createDefault();
    }

    @Bean(destroyMethod = "close")
    CloseableHttpAsyncClient vendorApacheAsyncClient() {
        CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
        client.start();
        return client;
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    org.eclipse.jetty.client.HttpClient vendorJettyClient() {
        return new org.eclipse.jetty.client.HttpClient();
    }

    @Bean
    reactor.netty.http.client.HttpClient vendorNettyClient() {
        return reactor.netty.http.client.HttpClient.create();
    }

    @Bean
    RestTemplate handBuiltRestTemplate() {
        return new RestTemplate();
    }

    @Bean
    RestClient handBuiltRestClient() {
        return RestClient.create();
    }

    @Bean
    WebClient handBuiltWebClient() {
        return WebClient.create();
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

    /**
     * A Kafka producer declared as a bean itself, outside any producer factory.
     */
    @Bean(destroyMethod = "close")
    KafkaProducer<String, String> producerBean(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        return new KafkaProducer<>(plainProducerConfig(bootstrapServers));
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
     * A Feign client whose own context does not inherit the application's beans.
     */
    @FeignClient(name = "isolated-payments", url = "${live.url}", configuration = NotInheriting.class)
    interface IsolatedPaymentsClient {

        @org.springframework.web.bind.annotation.PostMapping("/feign-isolated")
        String charge(@RequestParam("key") String key);
    }

    /**
     * The configuration of {@link IsolatedPaymentsClient} only (no {@code @Configuration}, so that
     * it stays out of the application's context).
     */
    static class NotInheriting {

        @Bean
        FeignClientConfigurer notInheriting() {
            return new FeignClientConfigurer() {
                @Override
                public boolean inheritParentConfiguration() {
                    return false;
                }
            };
        }
    }

    /**
     * An {@code AsyncFeign} client built by hand with the shadow capability.
     */
    interface AsyncPaymentsClient {

        @feign.RequestLine("POST /feign-async?key={key}")
        CompletableFuture<String> charge(@feign.Param("key") String key);
    }

    @Bean
    AsyncPaymentsClient asyncPaymentsClient(ShadowFeignCapability capability, @Value("${live.url}") String liveUrl) {
        return feign.AsyncFeign.builder().addCapability(capability).target(AsyncPaymentsClient.class, liveUrl);
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

    /**
     * Methods of the cache abstraction: each caches, or evicts, the entry of its key.
     */
    @Component
    static class CachedLookups {

        @CachePut(cacheNames = CACHE, key = "#key")
        public String put(String key) {
            return key;
        }

        @Cacheable(cacheNames = CACHE, key = "#key")
        public String load(String key) {
            return key;
        }

        @CacheEvict(cacheNames = CACHE, key = "#key")
        public void evict(String key) {}
    }

    /**
     * The HTTP client beans of other libraries, each posting the key to the live collaborator.
     */
    @Component
    static class VendorClients {

        private final HttpClient jdk;

        private final OkHttpClient okHttp;

        private final CloseableHttpClient apache;

        private final CloseableHttpAsyncClient apacheAsync;

        private final org.eclipse.jetty.client.HttpClient jetty;

        private final reactor.netty.http.client.HttpClient netty;

        private final String liveUrl;

        VendorClients(
                HttpClient jdk,
                OkHttpClient okHttp,
                CloseableHttpClient apache,
                CloseableHttpAsyncClient apacheAsync,
                org.eclipse.jetty.client.HttpClient jetty,
                reactor.netty.http.client.HttpClient netty,
                @Value("${live.url}") String liveUrl) {
            this.jdk = jdk;
            this.okHttp = okHttp;
            this.apache = apache;
            this.apacheAsync = apacheAsync;
            this.jetty = jetty;
            this.netty = netty;
            this.liveUrl = liveUrl;
        }

        void post(Channel channel, String key) throws Exception {
            String url = this.liveUrl + "/" + channel.name().toLowerCase(java.util.Locale.ROOT) + "?key=" + key;
            switch (channel) {
                case JDK_HTTP_CLIENT_BEAN_POST ->
                    this.jdk.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .POST(HttpRequest.BodyPublishers.ofString(key))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                case OKHTTP_CLIENT_BEAN_POST -> {
                    try (okhttp3.Response response = this.okHttp
                            .newCall(new okhttp3.Request.Builder()
                                    .url(url)
                                    .post(okhttp3.RequestBody.create(key, null))
                                    .build())
                            .execute()) {
                        response.code();
                    }
                }
                case APACHE_CLIENT_BEAN_POST ->
                    this.apache.execute(
                            ClassicRequestBuilder.post(url)
                                    .setEntity(key, ContentType.TEXT_PLAIN)
                                    .build(),
                            (response) -> response.getCode());
                case APACHE_ASYNC_CLIENT_BEAN_POST ->
                    this.apacheAsync
                            .execute(
                                    SimpleRequestBuilder.post(url)
                                            .setBody(key, ContentType.TEXT_PLAIN)
                                            .build(),
                                    null)
                            .get(10, TimeUnit.SECONDS);
                case JETTY_CLIENT_BEAN_POST ->
                    this.jetty
                            .newRequest(url)
                            .method("POST")
                            .body(new StringRequestContent(key))
                            .send();
                case REACTOR_NETTY_CLIENT_BEAN_POST ->
                    this.netty
                            .post()
                            .uri(url)
                            .send(ByteBufFlux.fromString(Mono.just(key)))
                            .responseSingle((response, body) ->
                                    Mono.just(response.status().code()))
                            .block(Duration.ofSeconds(10));
                default -> throw new IllegalArgumentException("not an HTTP client bean channel: " + channel);
            }
        }
    }

    /**
     * Spring's HTTP clients declared as beans but built by hand, and a {@code WebClient} from
     * Boot's builder over the JDK client bean, each posting the key to the live collaborator.
     */
    @Component
    static class HandBuiltSpringClients {

        private final RestTemplate restTemplate;

        private final RestClient restClient;

        private final WebClient webClient;

        private final WebClient overJdkBean;

        private final String liveUrl;

        HandBuiltSpringClients(
                RestTemplate handBuiltRestTemplate,
                RestClient handBuiltRestClient,
                WebClient handBuiltWebClient,
                WebClient.Builder builder,
                HttpClient jdk,
                @Value("${live.url}") String liveUrl) {
            this.restTemplate = handBuiltRestTemplate;
            this.restClient = handBuiltRestClient;
            this.webClient = handBuiltWebClient;
            this.overJdkBean =
                    builder.clientConnector(new JdkClientHttpConnector(jdk)).build();
            this.liveUrl = liveUrl;
        }

        void post(Channel channel, String key) {
            String url = this.liveUrl + "/" + channel.name().toLowerCase(java.util.Locale.ROOT) + "?key=" + key;
            switch (channel) {
                case HAND_BUILT_REST_TEMPLATE_POST -> this.restTemplate.postForEntity(url, key, String.class);
                case HAND_BUILT_REST_CLIENT_POST ->
                    this.restClient.post().uri(url).body(key).retrieve().toBodilessEntity();
                case HAND_BUILT_WEB_CLIENT_POST, JDK_CLIENT_BEAN_UNDER_WEB_CLIENT_POST ->
                    ((channel == Channel.HAND_BUILT_WEB_CLIENT_POST) ? this.webClient : this.overJdkBean)
                            .post()
                            .uri(url)
                            .bodyValue(key)
                            .retrieve()
                            .toBodilessEntity()
                            .block(Duration.ofSeconds(10));
                default -> throw new IllegalArgumentException("not a hand-built Spring client channel: " + channel);
            }
        }
    }

    /**
     * JDBC reached around the data source bean: a connection handed back by a statement, the
     * driver's own connection, SQL and a procedure that commit by themselves, and templates and a
     * client over data sources that are not beans.
     */
    @Component
    static class InlineJdbc {

        /**
         * A procedure that inserts a row and commits inside, created when the application starts.
         */
        static final String COMMITTING_PROCEDURE = "leak_insert_and_commit";

        private final javax.sql.DataSource dataSource;

        private final JdbcTemplate template;

        private final NamedParameterJdbcTemplate named;

        private final JdbcClient client;

        InlineJdbc(
                javax.sql.DataSource dataSource,
                @Qualifier("inlineJdbcTemplate") JdbcTemplate template,
                NamedParameterJdbcTemplate named,
                JdbcClient client) {
            this.dataSource = dataSource;
            new JdbcTemplate(dataSource)
                    .execute("create or replace procedure " + COMMITTING_PROCEDURE
                            + "(p_k varchar) language plpgsql as $$ begin insert into leak_rows (k) values (p_k);"
                            + " commit; end $$");
            this.template = template;
            this.named = named;
            this.client = client;
        }

        void write(Channel channel, String key) throws java.sql.SQLException {
            switch (channel) {
                // as code that only has the statement does
                case JDBC_CONNECTION_ESCAPE ->
                    insertThenCommit(
                            key,
                            (connection, statement) -> statement.getConnection().commit());
                case SQL_COMMIT_STATEMENT -> commitWithSql(key);
                case PROCEDURE_CALL_COMMIT -> callProcedureThatCommits(key);
                // as code that reaches for a driver-specific API does
                case JDBC_UNWRAP_COMMIT ->
                    insertThenCommit(
                            key,
                            (connection, statement) -> connection
                                    .unwrap(org.postgresql.jdbc.PgConnection.class)
                                    .commit());
                case JDBC_TEMPLATE_INLINE_DATA_SOURCE ->
                    this.template.update("insert into leak_rows (k) values (?)", key);
                case NAMED_TEMPLATE_INLINE_DATA_SOURCE ->
                    this.named.update("insert into leak_rows (k) values (:k)", Map.of("k", key));
                case JDBC_CLIENT_INLINE_DATA_SOURCE ->
                    this.client
                            .sql("insert into leak_rows (k) values (:k)")
                            .param("k", key)
                            .update();
                default -> throw new IllegalArgumentException("not an inline JDBC channel: " + channel);
            }
        }

        /**
         * Commits with SQL text, {@code COMMIT} sent as a statement after the insert, then rolls
         * back: the rollback undoes nothing the statement committed.
         */
        private void commitWithSql(String key) throws java.sql.SQLException {
            try (java.sql.Connection connection = this.dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (java.sql.PreparedStatement insert =
                                connection.prepareStatement("insert into leak_rows (k) values (?)");
                        java.sql.Statement statement = connection.createStatement()) {
                    insert.setString(1, key);
                    insert.executeUpdate();
                    statement.execute("COMMIT");
                } finally {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            }
        }

        /**
         * Calls a procedure that inserts and commits inside, on a connection in auto-commit as a
         * live caller leaves it.
         */
        private void callProcedureThatCommits(String key) throws java.sql.SQLException {
            try (java.sql.Connection connection = this.dataSource.getConnection();
                    java.sql.CallableStatement call = connection.prepareCall("call " + COMMITTING_PROCEDURE + "(?)")) {
                call.setString(1, key);
                call.execute();
            }
        }

        /**
         * Inserts on a connection of the data source bean with auto-commit off, then commits the
         * way the channel does, and restores auto-commit.
         */
        private void insertThenCommit(String key, CommitWay way) throws java.sql.SQLException {
            try (java.sql.Connection connection = this.dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (java.sql.PreparedStatement statement =
                        connection.prepareStatement("insert into leak_rows (k) values (?)")) {
                    statement.setString(1, key);
                    statement.executeUpdate();
                    way.commit(connection, statement);
                } finally {
                    connection.setAutoCommit(true);
                }
            }
        }

        /**
         * How a channel commits the row it inserted.
         */
        @FunctionalInterface
        interface CommitWay {

            void commit(java.sql.Connection connection, java.sql.Statement statement) throws java.sql.SQLException;
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

        private final IsolatedPaymentsClient isolatedFeign;

        private final AsyncPaymentsClient asyncFeign;

        private final RestClient restClient;

        private final WebClient webClient;

        private final KafkaTemplate<String, String> kafka;

        private final TransactionTemplate kafkaTransaction;

        private final KafkaTemplate<String, String> inlineFactoryKafka;

        private final RoutingKafkaTemplate routingKafka;

        private final KafkaProducer<String, String> producerBean;

        private final ProviderSdk sdk;

        private final VendorClients vendorClients;

        private final HandBuiltSpringClients handBuiltClients;

        private final InlineJdbc inlineJdbc;

        private final CachedLookups cached;

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
                VendorClients vendorClients,
                HandBuiltSpringClients handBuiltClients,
                InlineJdbc inlineJdbc,
                CachedLookups cached,
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
            this.producerBean = context.getBean("producerBean", KafkaProducer.class);
            this.isolatedFeign = context.getBean(IsolatedPaymentsClient.class);
            this.asyncFeign = context.getBean(AsyncPaymentsClient.class);
            this.sdk = sdk;
            this.vendorClients = vendorClients;
            this.handBuiltClients = handBuiltClients;
            this.inlineJdbc = inlineJdbc;
            this.cached = cached;
        }

        /**
         * Performs a command record of a consumer path: the channel named by its value, or nothing
         * for a {@link CommandConsumer#SENTINEL}; an exception the channel lets through becomes an
         * {@code error} outcome the test reports.
         */
        String performCommand(String key, String command) {
            if (CommandConsumer.SENTINEL.equals(command)) {
                return mode() + ":sentinel";
            }
            try {
                return perform(Channel.valueOf(command), key);
            } catch (RuntimeException ex) {
                return mode() + ":error:" + ex;
            }
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
                    case FEIGN_NOT_INHERITING_CONTEXT_POST -> this.isolatedFeign.charge(key);
                    case ASYNC_FEIGN_POST -> this.asyncFeign.charge(key).get(10, TimeUnit.SECONDS);
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
                    case KAFKA_PRODUCER_BEAN_SEND ->
                        this.producerBean
                                .send(new ProducerRecord<>(LIVE_TOPIC, key, key))
                                .get(10, TimeUnit.SECONDS);
                    case LIVE_ONLY_METHOD -> this.sdk.notify(key);
                    case JDK_HTTP_CLIENT_BEAN_POST,
                            OKHTTP_CLIENT_BEAN_POST,
                            APACHE_CLIENT_BEAN_POST,
                            APACHE_ASYNC_CLIENT_BEAN_POST,
                            JETTY_CLIENT_BEAN_POST,
                            REACTOR_NETTY_CLIENT_BEAN_POST -> this.vendorClients.post(channel, key);
                    case JDK_CLIENT_BEAN_UNDER_WEB_CLIENT_POST,
                            HAND_BUILT_REST_TEMPLATE_POST,
                            HAND_BUILT_REST_CLIENT_POST,
                            HAND_BUILT_WEB_CLIENT_POST -> this.handBuiltClients.post(channel, key);
                    case JDBC_CONNECTION_ESCAPE,
                            SQL_COMMIT_STATEMENT,
                            PROCEDURE_CALL_COMMIT,
                            JDBC_UNWRAP_COMMIT,
                            JDBC_TEMPLATE_INLINE_DATA_SOURCE,
                            NAMED_TEMPLATE_INLINE_DATA_SOURCE,
                            JDBC_CLIENT_INLINE_DATA_SOURCE -> this.inlineJdbc.write(channel, key);
                    case CACHE_PUT -> this.cached.put(key);
                    case CACHEABLE_MISS -> this.cached.load(key);
                    case CACHE_EVICT -> this.cached.evict(key);
                }
                return mode + ":done";
            } catch (Exception ex) {
                if (isBlocked(ex)) {
                    return mode + ":blocked";
                }
                if (isCommitRefusedByTheDatabase(ex)) {
                    return mode + ":refused";
                }
                throw (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
            }
        }

        /**
         * Whether PostgreSQL refused a {@code COMMIT} inside a called procedure because the call
         * ran in a transaction (SQLSTATE 2D000, invalid transaction termination).
         */
        private static boolean isCommitRefusedByTheDatabase(Throwable ex) {
            for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.sql.SQLException sql && "2D000".equals(sql.getSQLState())) {
                    return true;
                }
            }
            return false;
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
     * The Kafka Streams path: a {@code KafkaStreams} built by hand, the way an application
     * declares one without {@code @EnableKafkaStreams}, whose processor performs each command;
     * outcome per key, read by the test. Only in the leak matrix ({@code leak.kafka-streams}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("leak.kafka-streams")
    static class CommandStreams extends CommandConsumer {

        CommandStreams() {
            super(STREAM_COMMANDS_TOPIC, false);
        }

        @Bean
        KafkaStreams leakCommandStreams(SideEffects effects, @Value("${spring.kafka.bootstrap-servers}") String brokers)
                throws IOException {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(STREAM_COMMANDS_TOPIC, Consumed.with(Serdes.String(), Serdes.String()))
                    .foreach((key, command) -> outcomes().put(key, effects.performCommand(key, command)));
            Properties properties = new Properties();
            properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "leak-command-streams");
            properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
            properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            properties.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
            properties.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createTempDirectory("leak-command-streams").toString());
            return new KafkaStreams(builder.build(), properties);
        }

        @Bean
        SmartLifecycle leakCommandStreamsStarter(KafkaStreams leakCommandStreams) {
            return new SmartLifecycle() {

                private volatile boolean running;

                @Override
                public void start() {
                    leakCommandStreams.start();
                    this.running = true;
                }

                @Override
                public void stop() {
                    leakCommandStreams.close();
                    this.running = false;
                }

                @Override
                public boolean isRunning() {
                    return this.running;
                }
            };
        }

        @Bean
        NewTopic leakStreamCommands() {
            return TopicBuilder.name(STREAM_COMMANDS_TOPIC).partitions(1).build();
        }
    }

    /**
     * The poll-loop path: the application's own loop polls a consumer from a consumer factory of
     * its own (no {@code DefaultKafkaConsumerFactory}: it delegates to one built inline) and
     * performs each command; outcome per key, read by the test. Only in the leak matrix
     * ({@code leak.kafka-poll-loop}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("leak.kafka-poll-loop")
    static class CommandPollLoop extends CommandConsumer {

        CommandPollLoop() {
            super(POLL_COMMANDS_TOPIC, true);
        }

        @Bean
        OwnConsumerFactory leakOwnConsumerFactory(@Value("${spring.kafka.bootstrap-servers}") String brokers) {
            return new OwnConsumerFactory(brokers);
        }

        @Bean
        SmartLifecycle leakCommandPollLoop(SideEffects effects, OwnConsumerFactory leakOwnConsumerFactory) {
            return new PollLoop(
                    "leak-poll-loop",
                    () -> leakOwnConsumerFactory.createConsumer("leak-poll-loop", null),
                    POLL_COMMANDS_TOPIC,
                    effects,
                    outcomes());
        }

        @Bean
        NewTopic leakPollCommands() {
            return TopicBuilder.name(POLL_COMMANDS_TOPIC).partitions(1).build();
        }
    }

    /**
     * A consumer factory of the application's own: it delegates to a
     * {@code DefaultKafkaConsumerFactory} built inline, which no bean post-processor ever sees.
     */
    static class OwnConsumerFactory implements ConsumerFactory<String, String> {

        private final ConsumerFactory<String, String> delegate;

        OwnConsumerFactory(String brokers) {
            this.delegate = new DefaultKafkaConsumerFactory<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            brokers,
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                            "earliest"),
                    new StringDeserializer(),
                    new StringDeserializer());
        }

        @Override
        public Consumer<String, String> createConsumer(
                @Nullable String groupId,
                @Nullable String clientIdPrefix,
                @Nullable String clientIdSuffix,
                @Nullable Properties properties) {
            return this.delegate.createConsumer(groupId, clientIdPrefix, clientIdSuffix, properties);
        }

        @Override
        public boolean isAutoCommit() {
            return this.delegate.isAutoCommit();
        }
    }

    /**
     * The Kafka-listener path: outcome per key, read by the test.
     */
    @Component
    static class CommandListener extends CommandConsumer {

        private final SideEffects effects;

        CommandListener(SideEffects effects) {
            super(COMMANDS_TOPIC, false);
            this.effects = effects;
        }

        @KafkaListener(id = "leak-commands", topics = COMMANDS_TOPIC)
        public void on(ConsumerRecord<String, String> record) {
            outcomes().put(record.key(), this.effects.performCommand(record.key(), record.value()));
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
                default -> throw new IllegalArgumentException("sent as a record, not over HTTP: " + path);
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
