package dev.shadowtx.http;

import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.http.HandBuiltRedirects.Checked;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * The connector a shadow call of a {@code WebClient} is about to be sent with, as the client holds
 * it when the call is made: whatever connector a builder was given after it was made
 * ({@code clientConnector(..)} on a builder bean, on Boot's builder, on a {@code clone()} or a
 * {@code mutate()}) is checked by the shadow filter when a shadow call goes through it, as a
 * client bean's connector is checked when the bean is created ({@link HandBuiltConnectors}). A
 * connector that follows redirects by itself is replaced, in the client's exchange function, by
 * one that sends live calls to it untouched and shadow calls through its no-follow twin, each
 * redirect decided; a connector not known, or one that cannot be seen, has the call refused.
 * <p>
 * The connector is found by following the exchange function the filter is given through the
 * steps Spring composes the client's filters with, down to the exchange function Spring made
 * over the connector; a step of another kind (an application's own {@code ExchangeFunction})
 * cannot be seen through.
 */
final class ConnectorBelow {

    private static final String PACKAGE = "org.springframework.web.reactive.function.client.";

    private static final String DEFAULT_EXCHANGE = PACKAGE + "ExchangeFunctions$DefaultExchangeFunction";

    private static final @Nullable Field CONNECTOR = connectorField();

    private static final int MAX_STEPS = 64;

    private ConnectorBelow() {}

    /**
     * Check the connector below a filter that a shadow call goes through.
     * @param next the exchange function the filter was given
     * @param policy the policy of the {@code http} channel
     * @return why the call may not be sent, or {@code null} when it may
     */
    static @Nullable String refusal(ExchangeFunction next, Supplier<OutboundPolicy> policy) {
        Object exchange = defaultExchangeBelow(next);
        if (exchange == null
                || CONNECTOR == null
                || !(ReflectionUtils.getField(CONNECTOR, exchange) instanceof ClientHttpConnector connector)) {
            return Checked.refuse("its connector, which cannot be seen,").refusal();
        }
        Checked<ClientHttpConnector> checked = HandBuiltConnectors.check(connector, policy);
        String refusal = checked.refusal();
        if (refusal == null && checked.use() != connector) {
            // live calls go to the application's connector untouched, through its wrapper
            ReflectionUtils.setField(CONNECTOR, exchange, checked.use());
            VarHandle.releaseFence();
        }
        return refusal;
    }

    private static @Nullable Object defaultExchangeBelow(ExchangeFunction next) {
        Object step = next;
        for (int i = 0; i < MAX_STEPS; i++) {
            Class<?> type = step.getClass();
            if (type.getName().equals(DEFAULT_EXCHANGE)) {
                return step;
            }
            Field inner = STEP.get(type).orElse(null);
            if (inner == null || !(ReflectionUtils.getField(inner, step) instanceof ExchangeFunction below)) {
                return null;
            }
            step = below;
        }
        return null;
    }

    /**
     * The field through which a step Spring composes a {@code WebClient}'s filters with holds the
     * exchange function below it: the one field of type {@code ExchangeFunction} of a lambda
     * class of Spring's client package; none for any other class.
     */
    private static final ClassValue<Optional<Field>> STEP = new ClassValue<>() {

        @Override
        protected Optional<Field> computeValue(Class<?> type) {
            if (!type.isHidden() || !type.getName().startsWith(PACKAGE)) {
                return Optional.empty();
            }
            Field found = null;
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType() != ExchangeFunction.class) {
                    continue;
                }
                if (found != null || !field.trySetAccessible()) {
                    return Optional.empty();
                }
                found = field;
            }
            return Optional.ofNullable(found);
        }
    };

    private static @Nullable Field connectorField() {
        ClassLoader classLoader = ConnectorBelow.class.getClassLoader();
        if (!ClassUtils.isPresent(DEFAULT_EXCHANGE, classLoader)) {
            return null;
        }
        Field field = ReflectionUtils.findField(
                ClassUtils.resolveClassName(DEFAULT_EXCHANGE, classLoader), "connector", ClientHttpConnector.class);
        return (field != null && field.trySetAccessible()) ? field : null;
    }
}
