package dev.shadowtx.kafka.consumer;

import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.proxy.GuardProxies;
import dev.shadowtx.kafka.KafkaMarkers;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.kafka.core.ConsumerPostProcessor;

/**
 * Keeps marked records away from poll loops that cannot bind their context, and lets batch
 * listeners receive only homogeneous batches.
 * <p>
 * A consumer polled by a listener container with the shadow interceptors (they announce
 * themselves before every poll) returns every record: the interceptors bind or skip each one. A
 * consumer polled by anything else (the application's own poll loop over a consumer from the
 * factory, {@code KafkaTemplate.receive}) returns its polls without the marked records, counted as
 * {@code shadow.records.skipped}: no code there would run them in shadow, so they would act as
 * live. Their offsets count as consumed. A consumer whose group id is listed as shadow-aware
 * receives them, and its loop binds each record with {@link dev.shadowtx.kafka.KafkaMarkers#runInContext}.
 * <p>
 * Batches: Every consumer a
 * {@code DefaultKafkaConsumerFactory} creates is wrapped; once a batch listener's interceptor
 * switches it on (see {@link MixedPollSplitting}), a poll that returns live and shadow records
 * together is cut to its first homogeneous run and the consumer is sought back to the first
 * record left out, per partition.
 * <p>
 * Cutting at the consumer, below the listener container, is what keeps the container's offset
 * handling exact: the container only ever commits offsets of records it actually delivered to
 * the listener, whatever its ack mode and whether or not it runs a transaction. Consumers that are
 * not switched on (record listeners, application code) see every poll unchanged.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ShadowConsumerPostProcessor<K, V> implements ConsumerPostProcessor<K, V> {

    private static final String CHANNEL = "kafka";

    private static final Log logger = LogFactory.getLog(ShadowConsumerPostProcessor.class);

    private final KafkaMarkers markers;

    private final ShadowListenerPolicy policy;

    private final Supplier<ShadowRecorder> recorder;

    /**
     * Create a post-processor whose consumers outside listener containers leave out every marked
     * record.
     * @param markers reads the marker of each record
     */
    public ShadowConsumerPostProcessor(KafkaMarkers markers) {
        this(markers, ShadowListenerPolicy.DELIVER_ALL, () -> ShadowRecorder.NOOP);
    }

    /**
     * Create the post-processor.
     * @param markers reads the marker of each record
     * @param policy names the shadow-aware consumer groups, whose poll loops receive marked records
     * @param recorder where to report skipped records
     */
    public ShadowConsumerPostProcessor(
            KafkaMarkers markers, ShadowListenerPolicy policy, Supplier<ShadowRecorder> recorder) {
        this.markers = markers;
        this.policy = policy;
        this.recorder = recorder;
    }

    /**
     * Wrap a consumer that the application declared as a bean: it is never polled by a listener
     * container, so its polls leave out marked records unless its bean name or group id is
     * shadow-aware. The wrapper subclasses the consumer's class when it can, so the bean stays
     * injectable as {@code KafkaConsumer}.
     * @param consumer the consumer bean
     * @param beanName its bean name
     * @return the wrapped consumer
     */
    public Object wrapBean(Consumer<?, ?> consumer, String beanName) {
        ProxyFactory factory = new ProxyFactory(consumer);
        Class<?> type = consumer.getClass();
        factory.setProxyTargetClass(!Modifier.isFinal(type.getModifiers()) && Modifier.isPublic(type.getModifiers()));
        factory.addInterface(MixedPollSplitting.class);
        Handler handler = new Handler(consumer, this, beanName);
        factory.addAdvice((MethodInterceptor)
                (invocation) -> handler.invoke(consumer, invocation.getMethod(), invocation.getArguments()));
        return GuardProxies.opaque(factory, type.getClassLoader());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Consumer<K, V> apply(Consumer<K, V> consumer) {
        if (consumer instanceof MixedPollSplitting) {
            return consumer;
        }
        return (Consumer<K, V>) Proxy.newProxyInstance(
                ShadowConsumerPostProcessor.class.getClassLoader(),
                new Class<?>[] {Consumer.class, MixedPollSplitting.class},
                new Handler(consumer, this, null));
    }

    /**
     * Splits mixed polls when switched on; every other call goes to the real consumer.
     */
    private static final class Handler implements InvocationHandler {

        private final Consumer<?, ?> delegate;

        private final KafkaMarkers markers;

        private final ShadowConsumerPostProcessor<?, ?> owner;

        private final @Nullable String beanName;

        private volatile boolean splitting;

        private volatile boolean containerBound;

        private volatile @Nullable Boolean shadowAware;

        Handler(Consumer<?, ?> delegate, ShadowConsumerPostProcessor<?, ?> owner, @Nullable String beanName) {
            this.delegate = delegate;
            this.markers = owner.markers;
            this.owner = owner;
            this.beanName = beanName;
        }

        @Override
        public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
            if (method.getDeclaringClass() == MixedPollSplitting.class) {
                this.containerBound = true;
                if (method.getName().equals("splitMixedPolls")) {
                    this.splitting = (args != null && Boolean.TRUE.equals(args[0]));
                }
                return null;
            }
            if (method.getDeclaringClass() == Object.class) {
                switch (method.getName()) {
                    case "equals":
                        return proxy == ((args != null) ? args[0] : null);
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "toString":
                        return "ShadowSplitting[" + this.delegate + "]";
                    default:
                        break;
                }
            }
            Object result = invokeDelegate(method, args);
            if (method.getName().equals("poll") && result instanceof ConsumerRecords<?, ?> records) {
                if (!this.containerBound) {
                    return isShadowAware() ? records : liveOnly(records);
                }
                if (this.splitting) {
                    return split(records);
                }
            }
            return result;
        }

        private <K, V> ConsumerRecords<K, V> liveOnly(ConsumerRecords<K, V> records) {
            return MixedBatches.liveOnly(
                    records,
                    (record) -> this.markers.detect(record.headers()).mode(),
                    (record, mode) -> this.owner.recorder.get().recordSkipped(CHANNEL, record.topic(), mode));
        }

        private boolean isShadowAware() {
            Boolean aware = this.shadowAware;
            if (aware == null) {
                aware = this.owner.policy.isShadowAware(this.beanName) || this.owner.policy.isShadowAware(groupId());
                this.shadowAware = aware;
            }
            return aware;
        }

        private @Nullable String groupId() {
            try {
                return this.delegate.groupMetadata().groupId();
            } catch (RuntimeException ex) {
                return null;
            }
        }

        private <K, V> ConsumerRecords<K, V> split(ConsumerRecords<K, V> records) {
            ConsumerRecords<K, V> run = MixedBatches.firstRun(
                    records,
                    this.delegate,
                    (record) -> this.markers.detect(record.headers()).mode());
            if (run != records && logger.isDebugEnabled()) {
                logger.debug("Mixed live/shadow poll cut to its first " + run.count() + " of " + records.count()
                        + " records; the rest is fetched again");
            }
            return run;
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
