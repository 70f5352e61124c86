package dev.shadowtx.audit;

import dev.shadowtx.core.audit.ChannelBean;
import dev.shadowtx.core.audit.ChannelInspector;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.audit.ChannelTypes;
import dev.shadowtx.core.audit.ModuleChannelKinds;
import java.lang.reflect.Method;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;

/**
 * The audit's last inspection, after every contributed one: side-effect channels that no module
 * on the classpath inspects. It lists the channels no shadowtx guard exists for (mail, AMQP,
 * JMS, ...), the channels whose guard lives in a module that is missing (Kafka templates
 * without shadow-kafka, Feign clients without shadow-feign), and, by name, clients of libraries
 * nobody inspects ({@link #UNKNOWN}), so that none of them goes unnoticed. Nothing guards what it
 * recognises, so the monitor watches all of it but the clients of an unknown kind.
 */
final class RecognisedChannels implements ChannelInspector {

    private static final String FEIGN_CLIENT_ANNOTATION = "org.springframework.cloud.openfeign.FeignClient";

    private static final String CONFIGURATION_ANNOTATION = "org.springframework.context.annotation.Configuration";

    private static final String HTTP_EXCHANGE_ANNOTATION = "org.springframework.web.service.annotation.HttpExchange";

    /**
     * A client of a kind no inspection knows: listed so that strict mode refuses to start until
     * it is taught, accepted or kept to {@code @LiveOnly} code. Not watched: the name is a guess.
     */
    static final ChannelKind UNKNOWN = ChannelKind.guardable(
            "unknown",
            "a client of a kind shadowtx does not know: nothing guards it, its shadow calls are not refused",
            "teach the leak audit its kind and guard with a ChannelInspector, or call it only from @LiveOnly code");

    /**
     * Clients recognised by name only: a type of the bean's hierarchy called {@code ...Client},
     * outside the platform, Spring and Feign (whose clients go through listed channels).
     */
    private static final ChannelTypes UNKNOWN_CLIENTS = ChannelTypes.endingWith(
            "Client",
            "java.",
            "javax.",
            "jakarta.",
            "jdk.",
            "sun.",
            "com.sun.",
            "kotlin.",
            "org.springframework.",
            "feign.");

    static final ChannelKind KAFKA = ModuleChannelKinds.KAFKA;

    static final ChannelKind FEIGN = ModuleChannelKinds.FEIGN;

    private static final List<Recognised> RECOGNISED = List.of(
            new Recognised(
                    KAFKA,
                    ChannelTypes.named(
                            "org.springframework.kafka.core.KafkaOperations",
                            "org.springframework.kafka.core.ProducerFactory")),
            new Recognised(ChannelKind.unguarded("mail"), ChannelTypes.named("org.springframework.mail.MailSender")),
            new Recognised(
                    ChannelKind.unguarded("amqp"), ChannelTypes.named("org.springframework.amqp.core.AmqpTemplate")),
            new Recognised(
                    ChannelKind.unguarded("jms"), ChannelTypes.named("org.springframework.jms.core.JmsOperations")),
            new Recognised(
                    ChannelKind.unguarded("kafka-producer"),
                    ChannelTypes.named("org.apache.kafka.clients.producer.Producer")),
            new Recognised(
                    ChannelKind.unguarded("pulsar"),
                    ChannelTypes.named(
                            "org.springframework.pulsar.core.PulsarOperations",
                            "org.apache.pulsar.client.api.PulsarClient")),
            new Recognised(ChannelKind.unguarded("grpc"), ChannelTypes.named("io.grpc.Channel")),
            new Recognised(
                    ChannelKind.unguarded("elasticsearch"),
                    ChannelTypes.named(
                            "org.springframework.data.elasticsearch.core.ElasticsearchOperations",
                            "org.springframework.data.elasticsearch.core.ReactiveElasticsearchOperations",
                            "co.elastic.clients.elasticsearch.ElasticsearchClient")),
            new Recognised(
                    ChannelKind.unguarded("cassandra"),
                    ChannelTypes.named(
                            "org.springframework.data.cassandra.core.CassandraOperations",
                            "org.springframework.data.cassandra.core.ReactiveCassandraOperations",
                            "com.datastax.oss.driver.api.core.CqlSession")));

    /**
     * Whether Spring Cloud OpenFeign is on the application's class path: without it no bean
     * carries {@code @FeignClient}, and no bean type needs its hierarchy searched for it.
     */
    private final boolean feignPresent;

    /**
     * Recognise the channels of an application.
     * @param classLoader the application's class loader, or {@code null} for the default one
     */
    RecognisedChannels(@Nullable ClassLoader classLoader) {
        this.feignPresent = ClassUtils.isPresent(FEIGN_CLIENT_ANNOTATION, classLoader);
    }

    @Override
    public @Nullable ChannelKind kindOf(Class<?> beanType) {
        if (this.feignPresent
                && AnnotationUtils.isCandidateClass(beanType, FEIGN_CLIENT_ANNOTATION)
                && MergedAnnotations.from(beanType, SearchStrategy.TYPE_HIERARCHY)
                        .isPresent(FEIGN_CLIENT_ANNOTATION)) {
            return FEIGN;
        }
        for (Recognised recognised : RECOGNISED) {
            if (recognised.types().matches(beanType)) {
                return recognised.kind();
            }
        }
        if (UNKNOWN_CLIENTS.matches(beanType) && !isConfiguration(beanType) && !isHttpInterface(beanType)) {
            return UNKNOWN;
        }
        return null;
    }

    private static boolean isConfiguration(Class<?> beanType) {
        return MergedAnnotations.from(ClassUtils.getUserClass(beanType), SearchStrategy.TYPE_HIERARCHY)
                .isPresent(CONFIGURATION_ANNOTATION);
    }

    /**
     * Whether the bean is an HTTP interface client: a proxy built over a {@code RestClient} or
     * {@code WebClient}, which the audit lists themselves.
     */
    private static boolean isHttpInterface(Class<?> beanType) {
        for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(beanType)) {
            if (MergedAnnotations.from(type).isPresent(HTTP_EXCHANGE_ANNOTATION)) {
                return true;
            }
            for (Method method : type.getMethods()) {
                if (MergedAnnotations.from(method).isPresent(HTTP_EXCHANGE_ANNOTATION)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public @Nullable String guard(ChannelBean channel) {
        return null;
    }

    /**
     * Wrap every channel recognised here but the clients of an unknown kind: no guard exists for
     * it on the class path (none at all, or its module is missing, as for a {@code KafkaTemplate}
     * without shadow-kafka), so its calls in shadow are refused. An unknown client is listed only:
     * its name is a guess, not a proof that it sends anything.
     */
    @Override
    public boolean isWatched(ChannelKind kind, Object bean) {
        return kind != UNKNOWN;
    }

    private record Recognised(ChannelKind kind, ChannelTypes types) {}
}
