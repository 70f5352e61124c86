package dev.shadowtx.kafka.producer;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.proxy.GuardProxies;
import dev.shadowtx.kafka.KafkaMarkers;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.kafka.core.ProducerPostProcessor;
import org.springframework.transaction.TransactionExecution;
import org.springframework.util.ReflectionUtils;

/**
 * Guards every producer a {@code DefaultKafkaProducerFactory} creates, so the guard holds for
 * {@code KafkaTemplate}, transactional producers and direct {@code send(ProducerRecord)} calls
 * alike (Boot's {@code KafkaTemplate} ignores {@code ProducerInterceptor} beans, and a
 * {@code ProducerInterceptor} cannot drop a record anyway).
 * <p>
 * The decision is taken per record, at {@code send} time, from the context of the sending thread:
 * <ul>
 * <li>live: the record is sent exactly as given, no header added;</li>
 * <li>shadow, {@link KafkaShadowAction#REROUTE}: a copy goes to the shadow topic (its explicit
 * partition dropped, since the shadow topic may have fewer partitions) once the shadow topic is
 * confirmed to exist, else the send fails at once with {@link ShadowTopicMissingException};</li>
 * <li>shadow, {@link KafkaShadowAction#DROP}: nothing is sent, the future and the callback
 * complete at once with an offset of {@code -1};</li>
 * <li>shadow, {@link KafkaShadowAction#PROPAGATE}: a copy goes to the original topic.</li>
 * </ul>
 * Every record sent in shadow carries the marker header, and the caller's record (and its
 * headers) is never modified. Every other producer method goes straight to the real producer.
 * <p>
 * A producer transaction begun in shadow that receives a send outside the shadow context (a
 * thread that lost or cleared the context) is never committed: its commit aborts and fails with
 * {@link ShadowBlockedException}, and a Spring transaction that {@link ShadowKafkaCommitPolicy}
 * let commit is marked rollback-only at once, so it rolls back silently.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ShadowProducerPostProcessor<K, V> implements ProducerPostProcessor<K, V> {

    private static final String CHANNEL = "kafka";

    private final ShadowTopicRouter router;

    private final KafkaMarkers markers;

    private final ShadowTopicCheck topicCheck;

    private final Supplier<ShadowRecorder> recorder;

    /**
     * Create the post-processor.
     * @param router decides what a shadow record does, per topic
     * @param markers writes the marker header
     * @param topicCheck confirms shadow topics exist before rerouting to them
     * @param recorder where to report decisions; resolved on each decision
     */
    public ShadowProducerPostProcessor(
            ShadowTopicRouter router,
            KafkaMarkers markers,
            ShadowTopicCheck topicCheck,
            Supplier<ShadowRecorder> recorder) {
        this.router = router;
        this.markers = markers;
        this.topicCheck = topicCheck;
        this.recorder = recorder;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Producer<K, V> apply(Producer<K, V> producer) {
        if (isGuarded(producer)) {
            return producer;
        }
        return (Producer<K, V>) Proxy.newProxyInstance(
                ShadowProducerPostProcessor.class.getClassLoader(),
                new Class<?>[] {Producer.class},
                new Handler<>(this, producer, null));
    }

    /**
     * Guard a Kafka {@code Producer} declared as a bean itself ({@code new KafkaProducer<>(...)}),
     * outside any producer factory: every {@code Producer} method goes through the same guard as
     * a factory's producers, so its shadow sends are rerouted, dropped or propagated by policy.
     * The wrapper subclasses the producer's class when it can, so that the bean stays injectable
     * by its class ({@code KafkaProducer}); otherwise it implements {@code Producer} only.
     * @param producer the producer bean
     * @return the guarded bean, or {@code producer} itself when it is guarded already
     */
    public Object wrapBean(Producer<K, V> producer) {
        if (isGuarded(producer)) {
            return producer;
        }
        Producer<K, V> guarded = apply(producer);
        Class<?> type = producer.getClass();
        ProxyFactory factory = new ProxyFactory(producer);
        factory.setProxyTargetClass(!Modifier.isFinal(type.getModifiers()) && Modifier.isPublic(type.getModifiers()));
        factory.addInterface(GuardedBean.class);
        factory.addAdvice((MethodInterceptor) (invocation) -> {
            Method method = invocation.getMethod();
            Method declared = ReflectionUtils.findMethod(Producer.class, method.getName(), method.getParameterTypes());
            if (declared == null) {
                return invocation.proceed();
            }
            return AopUtils.invokeJoinpointUsingReflection(guarded, declared, invocation.getArguments());
        });
        return GuardProxies.opaque(factory, type.getClassLoader());
    }

    /**
     * Implemented by a {@code Producer} bean that {@link #wrapBean} guarded.
     */
    public interface GuardedBean {}

    /**
     * Guard the producer of a Kafka Streams application, which sends what its topology forwards:
     * a record is sent by the shadow policy when a shadow context is bound or when the record
     * itself carries a marker (a topology forwards the headers of its input); the application's
     * repartition and changelog topics are sent to as they are, and transactions are left to
     * Kafka Streams (they hold live and rerouted records alike, none on a live topic in shadow).
     * @param producer the Streams producer
     * @param internalTopic recognises the topics the topology uses for its own plumbing
     * @return the guarded producer
     */
    @SuppressWarnings("unchecked")
    public Producer<K, V> applyToStreams(Producer<K, V> producer, Predicate<String> internalTopic) {
        return (Producer<K, V>) Proxy.newProxyInstance(
                ShadowProducerPostProcessor.class.getClassLoader(),
                new Class<?>[] {Producer.class},
                new Handler<>(this, producer, internalTopic));
    }

    /**
     * Whether a producer is already guarded by a shadow post-processor.
     * @param producer the producer
     * @return {@code true} when sends through it are guarded
     */
    public static boolean isGuarded(Producer<?, ?> producer) {
        return producer instanceof GuardedBean
                || (Proxy.isProxyClass(producer.getClass()) && Proxy.getInvocationHandler(producer) instanceof Handler);
    }

    /**
     * Decide and perform one send while a shadow context is bound.
     */
    Future<RecordMetadata> send(
            Producer<K, V> delegate, ShadowContext context, ProducerRecord<K, V> record, @Nullable Callback callback) {
        String topic = record.topic();
        KafkaRoute route = this.router.route(topic);
        switch (route.action()) {
            case DROP -> {
                this.recorder.get().outboundDecision(CHANNEL, KafkaShadowAction.DROP.tagValue(), topic);
                RecordMetadata metadata = unsent(record, topic);
                if (callback != null) {
                    callback.onCompletion(metadata, null);
                }
                return CompletableFuture.completedFuture(metadata);
            }
            case REROUTE -> {
                String destination = route.destination();
                if (!this.topicCheck.exists(destination)) {
                    this.recorder.get().outboundDecision(CHANNEL, "block", topic);
                    ShadowTopicMissingException ex = new ShadowTopicMissingException(topic, destination);
                    if (callback != null) {
                        callback.onCompletion(unsent(record, destination), ex);
                    }
                    return CompletableFuture.failedFuture(ex);
                }
                this.recorder.get().outboundDecision(CHANNEL, KafkaShadowAction.REROUTE.tagValue(), topic);
                ProducerRecord<K, V> copy =
                        copy(record, destination, destination.equals(topic) ? record.partition() : null, context);
                return delegate.send(copy, callback);
            }
            default -> {
                this.recorder.get().outboundDecision(CHANNEL, KafkaShadowAction.PROPAGATE.tagValue(), topic);
                return delegate.send(copy(record, topic, record.partition(), context), callback);
            }
        }
    }

    private ProducerRecord<K, V> copy(
            ProducerRecord<K, V> record, String topic, @Nullable Integer partition, ShadowContext context) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        this.markers.write(headers, context.mode());
        return new ProducerRecord<>(topic, partition, record.timestamp(), record.key(), record.value(), headers);
    }

    private static RecordMetadata unsent(ProducerRecord<?, ?> record, String topic) {
        int partition = (record.partition() != null) ? record.partition() : RecordMetadata.UNKNOWN_PARTITION;
        long timestamp = (record.timestamp() != null) ? record.timestamp() : -1L;
        return new RecordMetadata(new TopicPartition(topic, partition), -1L, -1, timestamp, -1, -1);
    }

    /**
     * Hand the caller the producer whose transaction this thread began last in shadow, with the
     * Spring transaction it belongs to: from now on a send into it outside the shadow context
     * marks that transaction rollback-only.
     * @param transaction the Spring transaction the producer transaction was just begun for
     * @return {@code true} when a guarded producer began a transaction in shadow on this thread,
     * no send outside the shadow context has joined it, and it is now watched
     */
    static boolean watchTransactionBegunHere(TransactionExecution transaction) {
        Handler<?, ?> handler = BEGUN_IN_SHADOW.get();
        BEGUN_IN_SHADOW.remove();
        return handler != null && handler.watch(transaction);
    }

    private static final ThreadLocal<@Nullable Handler<?, ?>> BEGUN_IN_SHADOW = new ThreadLocal<>();

    /**
     * Sends through the guard; every other call goes to the real producer. Also follows the
     * producer's transactions: one begun in shadow is tainted by a send outside the shadow context
     * (a thread that lost or cleared the context), and a tainted transaction is never committed.
     */
    private static final class Handler<K, V> implements InvocationHandler {

        private final ShadowProducerPostProcessor<K, V> guard;

        private final Producer<K, V> delegate;

        private final Object lock = new Object();

        private @Nullable ShadowContext transactionContext;

        private boolean tainted;

        private @Nullable TransactionExecution watched;

        private final @Nullable Predicate<String> streamsInternalTopic;

        Handler(
                ShadowProducerPostProcessor<K, V> guard,
                Producer<K, V> delegate,
                @Nullable Predicate<String> streamsInternalTopic) {
            this.guard = guard;
            this.delegate = delegate;
            this.streamsInternalTopic = streamsInternalTopic;
        }

        @Override
        @SuppressWarnings("unchecked")
        public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
            if (args != null
                    && method.getName().equals("send")
                    && args.length >= 1
                    && args[0] instanceof ProducerRecord<?, ?> record) {
                Predicate<String> internal = this.streamsInternalTopic;
                if (internal == null || !internal.test(record.topic())) {
                    ShadowContext context = ShadowContextHolder.current();
                    if (context == null && internal != null) {
                        context = this.guard.markers.contextOf(record.headers(), this.guard.recorder.get());
                    }
                    if (context != null) {
                        Callback callback = (args.length > 1) ? (Callback) args[1] : null;
                        return this.guard.send(this.delegate, context, (ProducerRecord<K, V>) record, callback);
                    }
                }
                if (internal == null) {
                    taint();
                }
            }
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == ((args != null) ? args[0] : null);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "ShadowGuarded[" + this.delegate + "]";
                    default -> invokeDelegate(method, args);
                };
            }
            if (this.streamsInternalTopic != null) {
                return invokeDelegate(method, args);
            }
            return switch (method.getName()) {
                case "beginTransaction" -> beginTransaction(method);
                case "commitTransaction" -> commitTransaction(method);
                case "abortTransaction" -> endTransaction(method, args);
                default -> invokeDelegate(method, args);
            };
        }

        private @Nullable Object beginTransaction(Method method) throws Throwable {
            Object result = invokeDelegate(method, new Object[0]);
            ShadowContext context = ShadowContextHolder.current();
            synchronized (this.lock) {
                this.transactionContext = context;
                this.tainted = false;
                this.watched = null;
            }
            if (context != null) {
                BEGUN_IN_SHADOW.set(this);
            } else if (BEGUN_IN_SHADOW.get() == this) {
                BEGUN_IN_SHADOW.remove();
            }
            return result;
        }

        private @Nullable Object commitTransaction(Method method) throws Throwable {
            boolean abort;
            synchronized (this.lock) {
                abort = this.tainted;
            }
            if (abort) {
                endTransaction(Producer.class.getMethod("abortTransaction"), new Object[0]);
                throw new ShadowBlockedException(
                        CHANNEL,
                        "commit of a producer transaction begun in shadow that a send outside the shadow "
                                + "context joined (the transaction was aborted)");
            }
            return endTransaction(method, new Object[0]);
        }

        private @Nullable Object endTransaction(Method method, @Nullable Object[] args) throws Throwable {
            synchronized (this.lock) {
                this.transactionContext = null;
                this.tainted = false;
                this.watched = null;
            }
            if (BEGUN_IN_SHADOW.get() == this) {
                BEGUN_IN_SHADOW.remove();
            }
            return invokeDelegate(method, args);
        }

        private boolean watch(TransactionExecution transaction) {
            synchronized (this.lock) {
                if (this.transactionContext == null || this.tainted) {
                    return false;
                }
                this.watched = transaction;
                return true;
            }
        }

        private void taint() {
            TransactionExecution transaction;
            ShadowContext context;
            synchronized (this.lock) {
                context = this.transactionContext;
                if (context == null || this.tainted) {
                    return;
                }
                this.tainted = true;
                transaction = this.watched;
                this.watched = null;
            }
            if (transaction != null) {
                transaction.setRollbackOnly();
                this.guard.recorder.get().transactionRolledBack(context.mode());
            }
        }

        private @Nullable Object invokeDelegate(Method method, @Nullable Object[] args) throws Throwable {
            try {
                return method.invoke(this.delegate, args);
            } catch (InvocationTargetException ex) {
                throw ex.getTargetException();
            }
        }
    }
}
