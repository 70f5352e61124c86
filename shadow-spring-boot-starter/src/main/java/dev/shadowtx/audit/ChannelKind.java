package dev.shadowtx.audit;

import java.util.List;

/**
 * The kinds of side-effect channel the leak audit recognises among the beans, each with the
 * types that identify it (by class name, so that none of them is needed on the classpath) and
 * what to do when one is not covered.
 */
public enum ChannelKind {

    /**
     * JDBC data sources, guarded by the JDBC guard.
     */
    JDBC(
            "jdbc",
            List.of("javax.sql.DataSource"),
            "keep shadow.jdbc.guard=true (the default) so the JDBC guard wraps it, or route it to a shadow store"),

    /**
     * R2DBC connection factories, guarded by the R2DBC guard.
     */
    R2DBC(
            "r2dbc",
            List.of("io.r2dbc.spi.ConnectionFactory"),
            "keep shadow.r2dbc.guard=true (the default) so the R2DBC guard wraps it"),

    /**
     * Transaction managers, imperative and reactive, guarded by the transaction guard.
     */
    TRANSACTION(
            "transaction",
            List.of(
                    "org.springframework.transaction.PlatformTransactionManager",
                    "org.springframework.transaction.ReactiveTransactionManager"),
            "keep shadow.transactions.rollback=true (the default) so the transaction guard applies"),

    /**
     * Kafka templates and producer factories, guarded by shadow-kafka.
     */
    KAFKA(
            "kafka",
            List.of("org.springframework.kafka.core.KafkaOperations", "org.springframework.kafka.core.ProducerFactory"),
            "add dev.shadowtx:shadow-kafka; a factory built by hand needs a ShadowProducerPostProcessor "
                    + "(factory.addPostProcessor(...))"),

    /**
     * Feign clients, guarded by shadow-feign.
     */
    FEIGN("feign", List.of(), "add dev.shadowtx:shadow-feign so every Feign client gets the ShadowFeignCapability"),

    /**
     * Spring's HTTP clients and their builders, guarded when built from Boot's builders.
     */
    HTTP(
            "http",
            List.of(
                    "org.springframework.web.client.RestClient",
                    "org.springframework.web.client.RestClient$Builder",
                    "org.springframework.web.client.RestTemplate",
                    "org.springframework.boot.restclient.RestTemplateBuilder",
                    "org.springframework.web.reactive.function.client.WebClient",
                    "org.springframework.web.reactive.function.client.WebClient$Builder"),
            "build it from Boot's injected builder (RestClient.Builder, RestTemplateBuilder, WebClient.Builder) "
                    + "or apply the shadow interceptor / filter with applyTo(...)"),

    /**
     * Mail senders: no guard yet.
     */
    MAIL("mail", List.of("org.springframework.mail.MailSender"), ""),

    /**
     * AMQP (RabbitMQ) templates: no guard yet.
     */
    AMQP("amqp", List.of("org.springframework.amqp.core.AmqpTemplate"), ""),

    /**
     * JMS templates: no guard yet.
     */
    JMS("jms", List.of("org.springframework.jms.core.JmsOperations"), ""),

    /**
     * Redis templates and connection factories: no guard yet.
     */
    REDIS(
            "redis",
            List.of(
                    "org.springframework.data.redis.core.RedisOperations",
                    "org.springframework.data.redis.core.ReactiveRedisOperations",
                    "org.springframework.data.redis.connection.RedisConnectionFactory",
                    "org.springframework.data.redis.connection.ReactiveRedisConnectionFactory"),
            ""),

    /**
     * MongoDB templates and clients: no guard yet.
     */
    MONGO(
            "mongo",
            List.of(
                    "org.springframework.data.mongodb.core.MongoOperations",
                    "org.springframework.data.mongodb.core.ReactiveMongoOperations",
                    "com.mongodb.client.MongoClient",
                    "com.mongodb.reactivestreams.client.MongoClient"),
            ""),

    /**
     * Other HTTP clients found as beans: no guard.
     */
    HTTP_CLIENT(
            "http-client",
            List.of(
                    "java.net.http.HttpClient",
                    "org.apache.hc.client5.http.classic.HttpClient",
                    "org.apache.hc.client5.http.async.HttpAsyncClient",
                    "org.apache.http.client.HttpClient",
                    "okhttp3.OkHttpClient",
                    "org.eclipse.jetty.client.HttpClient",
                    "reactor.netty.http.client.HttpClient"),
            "wrap it in a RestClient built from Boot's RestClient.Builder (e.g. with a request factory over this client)"),

    /**
     * Kafka producers declared as beans themselves, outside a producer factory: no guard (the
     * Kafka guard sits on {@code DefaultKafkaProducerFactory}).
     */
    KAFKA_PRODUCER("kafka-producer", List.of("org.apache.kafka.clients.producer.Producer"), ""),

    /**
     * Spring Cloud Stream's {@code StreamBridge}, which sends to binder destinations: no guard yet.
     */
    STREAM("stream", List.of("org.springframework.cloud.stream.function.StreamBridge"), ""),

    /**
     * Pulsar templates and clients: no guard yet.
     */
    PULSAR(
            "pulsar",
            List.of("org.springframework.pulsar.core.PulsarOperations", "org.apache.pulsar.client.api.PulsarClient"),
            ""),

    /**
     * AWS SDK v2 service clients (S3, SQS, SNS, DynamoDB, ...; every one is an {@code SdkClient}):
     * no guard.
     */
    AWS("aws", List.of("software.amazon.awssdk.core.SdkClient"), ""),

    /**
     * gRPC channels (stubs are built on them): no guard.
     */
    GRPC("grpc", List.of("io.grpc.Channel"), ""),

    /**
     * Elasticsearch templates and clients: no guard.
     */
    ELASTICSEARCH(
            "elasticsearch",
            List.of(
                    "org.springframework.data.elasticsearch.core.ElasticsearchOperations",
                    "org.springframework.data.elasticsearch.core.ReactiveElasticsearchOperations",
                    "co.elastic.clients.elasticsearch.ElasticsearchClient"),
            ""),

    /**
     * Cassandra templates and sessions: no guard.
     */
    CASSANDRA(
            "cassandra",
            List.of(
                    "org.springframework.data.cassandra.core.CassandraOperations",
                    "org.springframework.data.cassandra.core.ReactiveCassandraOperations",
                    "com.datastax.oss.driver.api.core.CqlSession"),
            "");

    private static final String UNGUARDED_FIX = "no shadowtx guard exists for this channel: only call it from "
            + "@LiveOnly code, or accept it on purpose with shadow.audit.accepted=%s once shadow calls are harmless "
            + "(reads, a shadow-aware endpoint)";

    private final String tagValue;

    private final List<String> typeNames;

    private final String fix;

    ChannelKind(String tagValue, List<String> typeNames, String fix) {
        this.tagValue = tagValue;
        this.typeNames = typeNames;
        this.fix = fix;
    }

    /**
     * Return the short lowercase name, used in logs, the endpoint and as the {@code channel} tag.
     * @return the name, for example {@code redis}
     */
    public String tagValue() {
        return this.tagValue;
    }

    /**
     * Return the names of the types whose beans are channels of this kind.
     * @return fully-qualified class names, nested types with {@code $}
     */
    public List<String> typeNames() {
        return this.typeNames;
    }

    /**
     * Whether shadowtx has a guard for this kind of channel.
     * @return {@code false} for the channels that are recognised only
     */
    public boolean isGuardable() {
        return !this.fix.isEmpty();
    }

    /**
     * Return what to do about an uncovered channel of this kind.
     * @param beanName the bean name of the channel
     * @return one sentence
     */
    public String fix(String beanName) {
        if (isGuardable()) {
            return this.fix + "; or accept it on purpose with shadow.audit.accepted=" + beanName;
        }
        return String.format(UNGUARDED_FIX, beanName);
    }
}
