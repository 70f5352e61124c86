package dev.shadowtx.kafka.consumer;

import dev.shadowtx.kafka.KafkaMarkers;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.ConsumerPostProcessor;

/**
 * Lets batch listeners receive only homogeneous batches. Every consumer a
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

    private static final Log logger = LogFactory.getLog(ShadowConsumerPostProcessor.class);

    private final KafkaMarkers markers;

    /**
     * Create the post-processor.
     * @param markers reads the marker of each record
     */
    public ShadowConsumerPostProcessor(KafkaMarkers markers) {
        this.markers = markers;
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
                new Handler(consumer, this.markers));
    }

    /**
     * Splits mixed polls when switched on; every other call goes to the real consumer.
     */
    private static final class Handler implements InvocationHandler {

        private final Consumer<?, ?> delegate;

        private final KafkaMarkers markers;

        private volatile boolean splitting;

        Handler(Consumer<?, ?> delegate, KafkaMarkers markers) {
            this.delegate = delegate;
            this.markers = markers;
        }

        @Override
        public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
            if (method.getDeclaringClass() == MixedPollSplitting.class) {
                this.splitting = (args != null && Boolean.TRUE.equals(args[0]));
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
            if (this.splitting && method.getName().equals("poll") && result instanceof ConsumerRecords<?, ?> records) {
                return split(records);
            }
            return result;
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
