package dev.shadowtx.core.r2dbc;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.proxy.GuardProxies;
import dev.shadowtx.core.sql.TransactionEndingStatements;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The R2DBC guard: a {@link ConnectionFactory} whose connections, when created for a shadow unit
 * of work, never commit (see {@link ShadowR2dbcConnection}). Live subscribers get the target's
 * connection untouched, with no wrapper and no extra round trip.
 * <p>
 * Shadow or live is decided when {@code create()} is subscribed, on the subscriber's side: from
 * the shadow context in the subscriber's Reactor context (captured by {@code block()} and by
 * Spring's reactive return-value handling when automatic context propagation is on), or else from
 * the thread that subscribes. Either one being shadow is enough. The thread on which a driver
 * completes plays no part.
 * <p>
 * This guard is independent of the transaction guard: it also holds for code that uses no
 * transaction at all ({@code DatabaseClient} in auto-commit) and for transaction managers that
 * commit through R2DBC.
 * <p>
 * When the factory is {@link Wrapped} (r2dbc-pool's {@code ConnectionPool} is), its
 * {@code unwrap()} called in shadow answers a view of the guarded factory, not the driver's
 * factory (whose connections no guard would see): the view is not itself {@code Wrapped}, and its
 * {@code create()} is the guarded one. {@code unwrap(Class)} in shadow answers the guarded factory
 * when it is of the type asked for, {@code null} where the factory answers {@code null}, and
 * refuses to hand out any other object with {@link dev.shadowtx.core.ShadowBlockedException}.
 * Live, both are the factory's own.
 */
public final class ShadowConnectionFactoryGuard implements MethodInterceptor {

    private final Supplier<ShadowRecorder> recorder;

    /**
     * The statements that end the transaction on this factory's database, learnt from its
     * metadata when the first connection is created in shadow.
     */
    private volatile @Nullable TransactionEndingStatements endingStatements;

    /**
     * The procedures that connections created in shadow may call.
     */
    private final List<String> shadowSafeProcedures;

    private ShadowConnectionFactoryGuard(Supplier<ShadowRecorder> recorder, List<String> shadowSafeProcedures) {
        this.recorder = recorder;
        this.shadowSafeProcedures = List.copyOf(shadowSafeProcedures);
    }

    /**
     * Guard a connection factory. The returned proxy subclasses the factory's class when it can
     * (so an r2dbc-pool {@code ConnectionPool} stays injectable, disposable and observable as
     * such) and otherwise implements {@link ConnectionFactory} only.
     * @param connectionFactory the connection factory
     * @param recorder where to report prevented commits; resolved on first use
     * @return the guarded factory; {@code connectionFactory} itself when it is guarded already
     */
    public static ConnectionFactory guard(ConnectionFactory connectionFactory, Supplier<ShadowRecorder> recorder) {
        return guard(connectionFactory, recorder, List.of());
    }

    /**
     * Guard a connection factory, letting connections created in shadow call the given procedures
     * where a called procedure can commit ({@link TransactionEndingStatements#withShadowSafeProcedures}).
     * @param connectionFactory the connection factory
     * @param recorder where to report prevented commits; resolved on first use
     * @param shadowSafeProcedures the procedures that may be called in shadow, each {@code name} or
     * {@code schema.name}
     * @return the guarded factory; {@code connectionFactory} itself when it is guarded already
     */
    public static ConnectionFactory guard(
            ConnectionFactory connectionFactory, Supplier<ShadowRecorder> recorder, List<String> shadowSafeProcedures) {
        if (isGuarded(connectionFactory)) {
            return connectionFactory;
        }
        ProxyFactory factory = new ProxyFactory(connectionFactory);
        factory.addInterface(Guarded.class);
        factory.setProxyTargetClass(
                !Modifier.isFinal(connectionFactory.getClass().getModifiers()));
        factory.addAdvice(new ShadowConnectionFactoryGuard(recorder, shadowSafeProcedures));
        return GuardProxies.guard(factory, connectionFactory.getClass().getClassLoader());
    }

    /**
     * Whether a connection factory is guarded already.
     * @param connectionFactory the connection factory
     * @return {@code true} when it is a guard proxy
     */
    public static boolean isGuarded(ConnectionFactory connectionFactory) {
        return connectionFactory instanceof Guarded;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        if (invocation.getMethod().getName().equals("unwrap") && invocation.getThis() instanceof Wrapped<?>) {
            return unwrap(invocation);
        }
        if (!invocation.getMethod().getName().equals("create")
                || invocation.getArguments().length != 0
                || !(invocation.getThis() instanceof ConnectionFactory target)) {
            return invocation.proceed();
        }
        return Mono.deferContextual((reactorContext) -> {
            ShadowContext context = shadowContext(reactorContext);
            Publisher<? extends Connection> connection = target.create();
            if (context == null) {
                return Mono.from(connection);
            }
            TransactionEndingStatements statements = endingStatements(target);
            return Mono.from(connection)
                    .flatMap((created) ->
                            ShadowR2dbcConnection.guard(created, context.mode(), this.recorder, statements));
        });
    }

    /**
     * Unwrap the guarded factory: live, as the factory does; in shadow (a synchronous call, so the
     * calling thread's context decides), never to the driver's factory.
     */
    private @Nullable Object unwrap(MethodInvocation invocation) throws Throwable {
        if (ShadowContextHolder.current() == null) {
            return invocation.proceed();
        }
        ConnectionFactory guarded = (ConnectionFactory) ((ProxyMethodInvocation) invocation).getProxy();
        @Nullable Object[] arguments = invocation.getArguments();
        if (arguments.length == 0) {
            return new UnwrappedConnectionFactory(guarded);
        }
        if (arguments[0] instanceof Class<?> requested && requested.isInstance(guarded)) {
            return guarded;
        }
        Object behind = invocation.proceed();
        if (behind == null) {
            return null;
        }
        throw ShadowR2dbcConnection.refuseUnwrap(this.recorder.get(), "ConnectionFactory", (Class<?>) arguments[0]);
    }

    /**
     * Return the statements that end the transaction on a factory's database, asking its metadata
     * once: R2DBC tells the database's name, not whether its data definition commits, which is
     * then taken from the name ({@link TransactionEndingStatements#forProduct}).
     */
    private TransactionEndingStatements endingStatements(ConnectionFactory target) {
        TransactionEndingStatements statements = this.endingStatements;
        if (statements == null) {
            statements = TransactionEndingStatements.forProduct(
                            target.getMetadata().getName())
                    .withShadowSafeProcedures(this.shadowSafeProcedures);
            this.endingStatements = statements;
        }
        return statements;
    }

    /**
     * Return the shadow context of a subscriber: from its Reactor context, or else from the
     * subscribing thread.
     * @param reactorContext the subscriber's Reactor context
     * @return the shadow context, or {@code null} when the subscriber is live
     */
    static @Nullable ShadowContext shadowContext(ContextView reactorContext) {
        if (reactorContext.hasKey(ShadowContextAccessor.KEY)
                && reactorContext.get(ShadowContextAccessor.KEY) instanceof ShadowContext context) {
            return context;
        }
        return ShadowContextHolder.current();
    }

    /**
     * Marker interface carried by guard proxies.
     */
    public interface Guarded {}

    /**
     * What {@code unwrap()} answers in shadow: the guarded factory seen as a plain
     * {@link ConnectionFactory}, not {@link Wrapped}.
     * @param guarded the guarded factory
     */
    private record UnwrappedConnectionFactory(ConnectionFactory guarded) implements ConnectionFactory {

        @Override
        public Publisher<? extends Connection> create() {
            return this.guarded.create();
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return this.guarded.getMetadata();
        }

        @Override
        public String toString() {
            return "Shadow-guarded " + this.guarded;
        }
    }
}
