package dev.shadowtx.core.tx;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.proxy.GuardProxies;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.ReactiveTransaction;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.ResourceTransactionManager;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Puts the transaction guard on every {@link PlatformTransactionManager} bean, whatever its type.
 * <ul>
 * <li>Managers built on Spring's {@code AbstractPlatformTransactionManager} (JDBC, JPA, JTA,
 * Kafka, and most user-defined ones) get a {@link ShadowTransactionListener}: the bean itself is
 * unchanged, so it keeps its type for injection by concrete class.</li>
 * <li>Any other manager is wrapped in a proxy whose {@code commit} of a new transaction rolls
 * back in shadow; the proxy subclasses the manager when the class allows it.</li>
 * <li>A {@code ReactiveTransactionManager} that is not built on
 * {@code AbstractReactiveTransactionManager} is wrapped likewise: a new transaction begun in
 * shadow (decided when its {@code getReactiveTransaction} is subscribed, from the subscriber's
 * Reactor context or thread, or the thread that asked for it), or committed in shadow, is rolled
 * back by the {@code Mono} its {@code commit} answers.</li>
 * </ul>
 * A manager of a {@link SeparateShadowStore} whose shadow store keeps shadow writes (shadow
 * data-store routing without rollback) is left alone: in shadow, its connections all come from the shadow
 * store, and a multi-step shadow flow needs its commits there.
 * <p>
 * A listener put on a manager consults the {@link ShadowCommitPolicy} beans: an integration that
 * can prove a shadow transaction of its manager touches no live state lets it commit.
 */
public final class ShadowTransactionManagerPostProcessor implements BeanPostProcessor, Ordered {

    private final Supplier<ShadowRecorder> recorder;

    private final Supplier<List<ShadowCommitPolicy>> commitPolicies;

    /**
     * Create the post-processor; every transaction begun in shadow rolls back.
     * @param recorder where to report guarded transactions; resolved on first use
     */
    public ShadowTransactionManagerPostProcessor(Supplier<ShadowRecorder> recorder) {
        this(recorder, List::of);
    }

    /**
     * Create the post-processor.
     * @param recorder where to report guarded transactions; resolved on first use
     * @param commitPolicies the policies that may let a transaction begun in shadow commit;
     * resolved on each new shadow transaction of a {@link ConfigurableTransactionManager}
     */
    public ShadowTransactionManagerPostProcessor(
            Supplier<ShadowRecorder> recorder, Supplier<List<ShadowCommitPolicy>> commitPolicies) {
        this.recorder = recorder;
        this.commitPolicies = commitPolicies;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof PlatformTransactionManager && commitsShadowWork(bean)) {
            return bean;
        }
        if (bean instanceof ConfigurableTransactionManager configurable) {
            if (configurable.getTransactionExecutionListeners().stream()
                    .noneMatch(ShadowTransactionListener.class::isInstance)) {
                PlatformTransactionManager manager =
                        (bean instanceof PlatformTransactionManager platform) ? platform : null;
                configurable.addListener(
                        new ShadowTransactionListener(this.recorder, manager, beanName, this.commitPolicies));
            }
            return bean;
        }
        if (bean instanceof PlatformTransactionManager manager) {
            return guard(manager, this.recorder);
        }
        if (bean instanceof ReactiveTransactionManager manager) {
            return guard(manager, this.recorder);
        }
        return bean;
    }

    /**
     * Guard a reactive transaction manager that is not built on
     * {@code AbstractReactiveTransactionManager} (those get the listener instead).
     * @param manager the manager
     * @param recorder where to report guarded transactions
     * @return a guarding proxy, subclassing the manager when its class allows it
     */
    public static ReactiveTransactionManager guard(
            ReactiveTransactionManager manager, Supplier<ShadowRecorder> recorder) {
        ProxyFactory factory = new ProxyFactory(manager);
        factory.setProxyTargetClass(canSubclass(manager.getClass(), ReactiveTransaction.class));
        factory.addAdvice(new ReactiveCommitInterceptor(recorder));
        return GuardProxies.guard(factory, manager.getClass().getClassLoader());
    }

    /**
     * Whether the shadow transactions of a transaction manager run on a separate shadow store that
     * keeps their writes (a routed data source without rollback). The transaction guard leaves
     * such a manager alone: in shadow all of its connections come from the shadow store, and
     * turning its commits into rollbacks would defeat multi-step flows.
     * @param transactionManager a transaction manager (JDBC, JPA, Hibernate or any with a
     * readable {@code dataSource} property)
     * @return {@code true} only for a manager of a {@link SeparateShadowStore} that commits
     * shadow work
     */
    public static boolean commitsShadowWork(Object transactionManager) {
        return dataSourceOf(transactionManager) instanceof SeparateShadowStore store && store.commitsShadowWork();
    }

    private static @Nullable DataSource dataSourceOf(Object transactionManager) {
        try {
            if (transactionManager instanceof ResourceTransactionManager resource
                    && resource.getResourceFactory() instanceof DataSource dataSource) {
                return dataSource;
            }
            BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(transactionManager);
            if (wrapper.isReadableProperty("dataSource")
                    && wrapper.getPropertyValue("dataSource") instanceof DataSource dataSource) {
                return dataSource;
            }
        } catch (RuntimeException ex) {
            // not configured yet, or not a manager of a data source: leave it guarded
        }
        return null;
    }

    /**
     * Guard a transaction manager built by hand, outside the application context.
     * @param manager the manager
     * @param recorder where to report guarded transactions
     * @return the manager itself (with the listener added) or a guarding proxy
     */
    public static PlatformTransactionManager guard(
            PlatformTransactionManager manager, Supplier<ShadowRecorder> recorder) {
        if (manager instanceof ConfigurableTransactionManager configurable) {
            configurable.addListener(new ShadowTransactionListener(recorder));
            return manager;
        }
        ProxyFactory factory = new ProxyFactory(manager);
        factory.setProxyTargetClass(canSubclass(manager.getClass(), TransactionStatus.class));
        factory.addAdvice(new CommitInterceptor(recorder));
        return GuardProxies.guard(factory, manager.getClass().getClassLoader());
    }

    private static boolean canSubclass(Class<?> type, Class<?> status) {
        if (Modifier.isFinal(type.getModifiers())) {
            return false;
        }
        try {
            Method commit = type.getMethod("commit", status);
            return !Modifier.isFinal(commit.getModifiers());
        } catch (NoSuchMethodException ex) {
            return false;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /**
     * Rolls back instead of committing a new transaction in shadow.
     */
    private static final class CommitInterceptor implements MethodInterceptor {

        private final Supplier<ShadowRecorder> recorder;

        CommitInterceptor(Supplier<ShadowRecorder> recorder) {
            this.recorder = recorder;
        }

        @Override
        public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
            ShadowContext context = ShadowContextHolder.current();
            if (context != null
                    && invocation.getMethod().getName().equals("commit")
                    && invocation.getArguments().length == 1
                    && invocation.getArguments()[0] instanceof TransactionStatus status
                    && status.isNewTransaction()
                    && invocation.getThis() instanceof PlatformTransactionManager manager) {
                manager.rollback(status);
                this.recorder.get().transactionRolledBack(context.mode());
                return null;
            }
            return invocation.proceed();
        }
    }

    /**
     * Rolls back, instead of committing, a new transaction of a reactive transaction manager that
     * takes no listener when it was begun in shadow or is committed in shadow: its
     * {@code getReactiveTransaction} is decided when subscribed, like the listener's
     * {@code beforeBegin} (the subscriber's Reactor context or thread, or the thread that asked
     * for it), since the commit may complete on a driver thread that knows nothing of it. Loaded
     * only for such a manager, so only when Reactor is present.
     */
    private static final class ReactiveCommitInterceptor implements MethodInterceptor {

        private final Supplier<ShadowRecorder> recorder;

        private final Map<ReactiveTransaction, ShadowContext> begunInShadow =
                Collections.synchronizedMap(new WeakHashMap<>());

        ReactiveCommitInterceptor(Supplier<ShadowRecorder> recorder) {
            this.recorder = recorder;
        }

        @Override
        public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
            Object target = invocation.getThis();
            Method method = invocation.getMethod();
            @Nullable Object[] arguments = invocation.getArguments();
            if (!(target instanceof ReactiveTransactionManager manager)) {
                return invocation.proceed();
            }
            ShadowContext caller = ShadowContextHolder.current();
            if (method.getName().equals("getReactiveTransaction")) {
                return Mono.deferContextual((view) -> {
                    ShadowContext context = shadowContext(view, caller);
                    Mono<ReactiveTransaction> begun = manager.getReactiveTransaction(
                            (arguments.length == 1 && arguments[0] instanceof TransactionDefinition definition)
                                    ? definition
                                    : null);
                    return (context == null)
                            ? begun
                            : begun.doOnNext((transaction) -> this.begunInShadow.put(transaction, context));
                });
            }
            if (method.getName().equals("commit")
                    && arguments.length == 1
                    && arguments[0] instanceof ReactiveTransaction transaction
                    && transaction.isNewTransaction()) {
                return Mono.deferContextual((view) -> {
                    ShadowContext begun = this.begunInShadow.remove(transaction);
                    ShadowContext context = (begun != null) ? begun : shadowContext(view, caller);
                    if (context == null) {
                        return manager.commit(transaction);
                    }
                    return manager.rollback(transaction)
                            .doOnSuccess((done) -> this.recorder.get().transactionRolledBack(context.mode()));
                });
            }
            if (method.getName().equals("rollback") && arguments.length == 1 && arguments[0] != null) {
                this.begunInShadow.remove(arguments[0]);
            }
            return invocation.proceed();
        }

        private static @Nullable ShadowContext shadowContext(ContextView view, @Nullable ShadowContext caller) {
            if (view.getOrDefault(ShadowContextAccessor.KEY, null) instanceof ShadowContext context) {
                return context;
            }
            return (caller != null) ? caller : ShadowContextHolder.current();
        }
    }
}
