package dev.shadowtx.reliability.handles;

import com.mongodb.ClientSessionOptions;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ServerApi;
import com.mongodb.ServerApiVersion;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.bson.Document;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.ReactiveSessionScoped;
import org.springframework.data.mongodb.core.SessionScoped;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A service with MongoDB, Redis (each imperative and reactive), SQS, SNS and Step Functions clients wired as
 * applications wire them (beans built in configuration, a template over them, templates over
 * clients built inline whose session-scoped templates are kept, a reactive Redis template of the
 * application's own class over a factory built inline), each pointed at a
 * local recording socket that stands
 * for the live store. {@code POST /handles/{path}/{channel}?key=} writes {@code key} through one
 * channel on one path and answers with the mode observed on the thread that ran the write and
 * whether the write was blocked.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
class HandleLeakApplication {

    static String mode() {
        return ShadowContextHolder.currentMode().map(ShadowMode::markerValue).orElse("live");
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(@Value("${stores.mongo}") int port) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .serverApi(ServerApi.builder().version(ServerApiVersion.V1).build())
                .build());
    }

    @Bean
    MongoTemplate mongoTemplate(MongoClient mongoClient) {
        return new MongoTemplate(mongoClient, "orders");
    }

    @Bean(destroyMethod = "close")
    com.mongodb.reactivestreams.client.MongoClient reactiveMongoClient(@Value("${stores.mongo}") int port) {
        return com.mongodb.reactivestreams.client.MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .serverApi(ServerApi.builder().version(ServerApiVersion.V1).build())
                .build());
    }

    @Bean
    ReactiveMongoTemplate reactiveMongoTemplate(com.mongodb.reactivestreams.client.MongoClient reactiveMongoClient) {
        return new ReactiveMongoTemplate(reactiveMongoClient, "orders");
    }

    /**
     * A template over a client it builds itself (no bean), whose session-scoped template the
     * application keeps: only the template's own guard stands between them and the server. Not a
     * candidate for injection by type, so that the other template stays the application's.
     */
    @Bean(defaultCandidate = false)
    MongoTemplate sessionMongoTemplate(@Value("${stores.mongo}") int port) {
        return new MongoTemplate(MongoClients.create(inlineSettings(port)), "orders");
    }

    /**
     * The reactive twin of {@link #sessionMongoTemplate}.
     */
    @Bean(defaultCandidate = false)
    ReactiveMongoTemplate sessionReactiveMongoTemplate(@Value("${stores.mongo}") int port) {
        return new ReactiveMongoTemplate(
                com.mongodb.reactivestreams.client.MongoClients.create(inlineSettings(port)), "orders");
    }

    private static MongoClientSettings inlineSettings(int port) {
        return MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .serverApi(ServerApi.builder().version(ServerApiVersion.V1).build())
                .build();
    }

    @Bean
    LettuceConnectionFactory redisConnectionFactory(@Value("${stores.redis}") int port) {
        return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
    }

    @Bean
    StringRedisTemplate stringRedisTemplate(LettuceConnectionFactory redisConnectionFactory) {
        return new StringRedisTemplate(redisConnectionFactory);
    }

    @Bean
    ReactiveStringRedisTemplate reactiveStringRedisTemplate(LettuceConnectionFactory redisConnectionFactory) {
        return new ReactiveStringRedisTemplate(redisConnectionFactory);
    }

    /**
     * A reactive Redis template of the application's own class, over a connection factory built
     * inline (no bean).
     */
    static class OrdersRedisTemplate extends ReactiveStringRedisTemplate {

        OrdersRedisTemplate(LettuceConnectionFactory factory) {
            super(factory);
        }
    }

    @Bean
    OrdersRedisTemplate ordersRedisTemplate(@Value("${stores.redis}") int port) {
        LettuceConnectionFactory inline =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        inline.afterPropertiesSet();
        inline.start();
        return new OrdersRedisTemplate(inline);
    }

    /**
     * A reactive Redis template of the application's own class that keeps its connection factory
     * in a field of its own, which could reach Redis past the template: the leak audit lists it
     * uncovered, and only the monitor refuses its calls in shadow.
     */
    public static class KeepingRedisTemplate extends ReactiveStringRedisTemplate {

        private final LettuceConnectionFactory kept;

        KeepingRedisTemplate(LettuceConnectionFactory factory) {
            super(factory);
            this.kept = factory;
        }

        LettuceConnectionFactory kept() {
            return this.kept;
        }
    }

    @Bean
    KeepingRedisTemplate keepingRedisTemplate(@Value("${stores.redis}") int port) {
        LettuceConnectionFactory inline =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        inline.afterPropertiesSet();
        inline.start();
        return new KeepingRedisTemplate(inline);
    }

    /**
     * A database factory over the client bean, its transaction manager and a template bound to
     * both; not candidates for injection by type, so that the application's template stays the
     * other one.
     */
    @Bean(defaultCandidate = false)
    MongoDatabaseFactory transactionalMongoFactory(MongoClient mongoClient) {
        return new SimpleMongoClientDatabaseFactory(mongoClient, "orders");
    }

    @Bean(defaultCandidate = false)
    MongoTransactionManager mongoTransactionManager(
            @Qualifier("transactionalMongoFactory") MongoDatabaseFactory transactionalMongoFactory) {
        return new MongoTransactionManager(transactionalMongoFactory);
    }

    @Bean(defaultCandidate = false)
    MongoTemplate transactionalMongoTemplate(
            @Qualifier("transactionalMongoFactory") MongoDatabaseFactory transactionalMongoFactory) {
        return new MongoTemplate(transactionalMongoFactory);
    }

    /**
     * Build an AWS SDK client that talks to the local socket standing for AWS.
     */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C local(B builder, int port) {
        return builder.endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Bean
    SqsClient sqsClient(@Value("${stores.aws}") int port) {
        return local(SqsClient.builder(), port);
    }

    @Bean
    SnsClient snsClient(@Value("${stores.aws}") int port) {
        return local(SnsClient.builder(), port);
    }

    @Bean
    SfnClient sfnClient(@Value("${stores.aws}") int port) {
        return local(SfnClient.builder(), port);
    }

    @Bean
    Writes writes(
            MongoTemplate mongoTemplate,
            MongoClient mongoClient,
            StringRedisTemplate redis,
            LettuceConnectionFactory redisConnectionFactory,
            ReactiveStores reactive,
            SqsClient sqs,
            SnsClient sns,
            SfnClient sfn,
            @Value("${stores.aws}") int awsPort,
            @Qualifier("sessionMongoTemplate") MongoTemplate sessionMongoTemplate,
            @Qualifier("transactionalMongoTemplate") MongoTemplate transactionalMongoTemplate,
            @Qualifier("mongoTransactionManager") MongoTransactionManager mongoTransactionManager) {
        return new Writes(
                mongoTemplate,
                mongoClient,
                new MongoTransaction(transactionalMongoTemplate, new TransactionTemplate(mongoTransactionManager)),
                sessionMongoTemplate.withSession(ClientSessionOptions.builder().build()),
                redis,
                redisConnectionFactory,
                reactive,
                sqs,
                sns,
                sfn,
                awsPort);
    }

    @Bean
    ReactiveStores reactiveStores(
            ReactiveMongoTemplate reactiveMongoTemplate,
            com.mongodb.reactivestreams.client.MongoClient reactiveMongoClient,
            ReactiveStringRedisTemplate reactiveStringRedisTemplate,
            LettuceConnectionFactory redisConnectionFactory,
            OrdersRedisTemplate ordersRedisTemplate,
            KeepingRedisTemplate keepingRedisTemplate,
            @Qualifier("sessionReactiveMongoTemplate") ReactiveMongoTemplate sessionReactiveMongoTemplate) {
        return new ReactiveStores(
                reactiveMongoTemplate,
                reactiveMongoClient,
                reactiveStringRedisTemplate,
                redisConnectionFactory,
                ordersRedisTemplate,
                keepingRedisTemplate,
                sessionReactiveMongoTemplate.withSession(
                        ClientSessionOptions.builder().build()));
    }

    /**
     * The reactive clients, as injected into an application (a session-scoped template made once
     * at startup, on a live thread, among them): each write is subscribed where it is made and
     * waited for.
     */
    record ReactiveStores(
            ReactiveMongoTemplate mongoTemplate,
            com.mongodb.reactivestreams.client.MongoClient mongoClient,
            ReactiveStringRedisTemplate redis,
            LettuceConnectionFactory redisConnectionFactory,
            OrdersRedisTemplate ordersRedis,
            KeepingRedisTemplate keepingRedis,
            ReactiveSessionScoped mongoSession) {

        /**
         * A thread no context reaches: what is assembled there is assembled live.
         */
        private static final Executor LIVE_THREAD = (task) -> new Thread(task, "live-assembly").start();

        void write(HandleChannel channel, String key) {
            if (channel == HandleChannel.REDIS_REACTIVE_UNCOVERED_ASSEMBLED_LIVE_SET) {
                Mono<Boolean> assembledLive = CompletableFuture.supplyAsync(
                                () -> this.keepingRedis.opsForValue().set(key, "1"), LIVE_THREAD)
                        .join();
                await(assembledLive);
                return;
            }
            if (channel == HandleChannel.REDIS_REACTIVE_CONNECTION_FROM_FACTORY_SET) {
                ReactiveRedisConnection connection = this.redisConnectionFactory.getReactiveConnection();
                try {
                    await(connection.stringCommands().set(buffer(key), buffer("1")));
                } finally {
                    await(connection.closeLater());
                }
                return;
            }
            await(
                    switch (channel) {
                        case MONGO_REACTIVE_TEMPLATE_INSERT ->
                            this.mongoTemplate.insert(new Document("_id", key), "orders");
                        case MONGO_REACTIVE_COLLECTION_FROM_CLIENT_INSERT ->
                            this.mongoClient
                                    .getDatabase("orders")
                                    .getCollection("orders")
                                    .insertOne(new Document("_id", key));
                        case MONGO_REACTIVE_SESSION_SCOPED_INSERT ->
                            this.mongoSession.execute(
                                    (operations) -> operations.insert(new Document("_id", key), "orders"));
                        case REDIS_REACTIVE_TEMPLATE_SET ->
                            this.redis.opsForValue().set(key, "1");
                        case REDIS_REACTIVE_OWN_TEMPLATE_CLASS_SET ->
                            this.ordersRedis.opsForValue().set(key, "1");
                        default -> throw new IllegalArgumentException("not a reactive channel: " + channel);
                    });
        }

        private static void await(Publisher<?> write) {
            Flux.from(write).blockLast(Duration.ofSeconds(10));
        }

        private static ByteBuffer buffer(String value) {
            return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Bean
    AsyncWrites asyncWrites(Writes writes) {
        return new AsyncWrites(writes);
    }

    /**
     * One write per channel, answered as {@code mode:done}, {@code mode:blocked} or
     * {@code mode:failed} (the live store's stand-in answers a live SQS or SNS call with an
     * error, after the call reached it).
     */
    static class Writes {

        private final MongoTemplate mongoTemplate;

        private final MongoClient mongoClient;

        private final SessionScoped mongoSession;

        private final MongoTransaction mongoTransaction;

        private final StringRedisTemplate redis;

        private final LettuceConnectionFactory redisConnectionFactory;

        private final ReactiveStores reactive;

        private final SqsClient sqs;

        private final SnsClient sns;

        private final SfnClient sfn;

        private final String queue;

        Writes(
                MongoTemplate mongoTemplate,
                MongoClient mongoClient,
                MongoTransaction mongoTransaction,
                SessionScoped mongoSession,
                StringRedisTemplate redis,
                LettuceConnectionFactory redisConnectionFactory,
                ReactiveStores reactive,
                SqsClient sqs,
                SnsClient sns,
                SfnClient sfn,
                int awsPort) {
            this.mongoTemplate = mongoTemplate;
            this.mongoClient = mongoClient;
            this.mongoSession = mongoSession;
            this.mongoTransaction = mongoTransaction;
            this.redis = redis;
            this.redisConnectionFactory = redisConnectionFactory;
            this.reactive = reactive;
            this.sqs = sqs;
            this.sns = sns;
            this.sfn = sfn;
            this.queue = "http://127.0.0.1:" + awsPort + "/000000000000/orders";
        }

        String perform(HandleChannel channel, String key) {
            String mode = mode();
            try {
                switch (channel) {
                    case MONGO_TEMPLATE_INSERT -> this.mongoTemplate.insert(new Document("_id", key), "orders");
                    case MONGO_COLLECTION_FROM_TEMPLATE_INSERT ->
                        this.mongoTemplate.getCollection("orders").insertOne(new Document("_id", key));
                    case MONGO_DATABASE_FROM_CLIENT_INSERT ->
                        this.mongoClient
                                .getDatabase("orders")
                                .getCollection("orders")
                                .insertOne(new Document("_id", key));
                    case REDIS_TEMPLATE_SET -> this.redis.opsForValue().set(key, "1");
                    case REDIS_CONNECTION_FROM_FACTORY_SET -> {
                        try (RedisConnection connection = this.redisConnectionFactory.getConnection()) {
                            connection.stringCommands().set(key.getBytes(StandardCharsets.UTF_8), new byte[] {1});
                        }
                    }
                    case MONGO_SESSION_SCOPED_INSERT ->
                        this.mongoSession.execute(
                                (operations) -> operations.insert(new Document("_id", key), "orders"));
                    case MONGO_TRANSACTIONAL_INSERT ->
                        this.mongoTransaction
                                .transactions()
                                .executeWithoutResult((status) ->
                                        this.mongoTransaction.template().insert(new Document("_id", key), "orders"));
                    case MONGO_REACTIVE_TEMPLATE_INSERT,
                            MONGO_REACTIVE_COLLECTION_FROM_CLIENT_INSERT,
                            MONGO_REACTIVE_SESSION_SCOPED_INSERT,
                            REDIS_REACTIVE_TEMPLATE_SET,
                            REDIS_REACTIVE_CONNECTION_FROM_FACTORY_SET,
                            REDIS_REACTIVE_OWN_TEMPLATE_CLASS_SET,
                            REDIS_REACTIVE_UNCOVERED_ASSEMBLED_LIVE_SET -> this.reactive.write(channel, key);
                    case SQS_SEND ->
                        this.sqs.sendMessage((send) -> send.queueUrl(this.queue).messageBody(key));
                    case SQS_SET_QUEUE_ATTRIBUTES ->
                        this.sqs.setQueueAttributes(
                                (set) -> set.queueUrl(this.queue).attributes(Map.of(QueueAttributeName.POLICY, key)));
                    case SNS_PUBLISH ->
                        this.sns.publish((publish) -> publish.topicArn(topic()).message(key));
                    case SNS_SET_TOPIC_ATTRIBUTES ->
                        this.sns.setTopicAttributes((set) -> set.topicArn(topic())
                                .attributeName("DisplayName")
                                .attributeValue(key));
                    case SFN_GET_ACTIVITY_TASK ->
                        this.sfn.getActivityTask(
                                (get) -> get.activityArn("arn:aws:states:eu-west-1:000000000000:activity:orders")
                                        .workerName(key));
                }
                return mode + ":done";
            } catch (ShadowBlockedException ex) {
                return mode + ":blocked";
            } catch (RuntimeException ex) {
                return mode + ":failed";
            }
        }

        private static String topic() {
            return "arn:aws:sns:eu-west-1:000000000000:orders";
        }
    }

    /**
     * A template bound to a MongoDB transaction manager, and the transactions it writes in.
     */
    record MongoTransaction(MongoTemplate template, TransactionTemplate transactions) {}

    /**
     * The {@code @Async} path.
     */
    static class AsyncWrites {

        private final Writes writes;

        AsyncWrites(Writes writes) {
            this.writes = writes;
        }

        @Async
        public CompletableFuture<String> perform(HandleChannel channel, String key) {
            return CompletableFuture.completedFuture(this.writes.perform(channel, key));
        }
    }

    @RestController
    static class HandleController {

        private final Writes writes;

        private final AsyncWrites async;

        private final Executor executor;

        HandleController(Writes writes, AsyncWrites async, @Qualifier("applicationTaskExecutor") Executor executor) {
            this.writes = writes;
            this.async = async;
            this.executor = executor;
        }

        @PostMapping("/handles/{path}/{channel}")
        Map<String, String> write(
                @PathVariable HandlePath path, @PathVariable HandleChannel channel, @RequestParam String key) {
            String outcome = switch (path) {
                case REQUEST_THREAD -> this.writes.perform(channel, key);
                case ASYNC -> this.async.perform(channel, key).join();
                case COMPLETABLE_FUTURE ->
                    CompletableFuture.supplyAsync(() -> this.writes.perform(channel, key), this.executor)
                            .join();
                case REACTOR ->
                    Mono.fromCallable(() -> this.writes.perform(channel, key))
                            .subscribeOn(Schedulers.boundedElastic())
                            .block(Duration.ofSeconds(30));
            };
            return Map.of("request", mode(), "effect", String.valueOf(outcome));
        }
    }
}
