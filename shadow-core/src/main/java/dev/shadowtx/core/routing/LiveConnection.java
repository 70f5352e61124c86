package dev.shadowtx.core.routing;

import dev.shadowtx.core.context.ShadowContextHolder;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import org.jspecify.annotations.Nullable;

/**
 * A connection borrowed from the live store of a routed data source, pinned to live work: once a
 * shadow context is bound on the thread, it refuses to create statements, to commit and to hand
 * out the driver's connection, so a transaction opened live can never carry shadow writes into the
 * live store.
 */
final class LiveConnection implements InvocationHandler {

    private final Connection target;

    private final String dataSource;

    private LiveConnection(Connection target, String dataSource) {
        this.target = target;
        this.dataSource = dataSource;
    }

    static Connection pin(Connection target, String dataSource) {
        return (Connection) Proxy.newProxyInstance(
                LiveConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new LiveConnection(target, dataSource));
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "createStatement", "prepareStatement", "prepareCall", "commit" -> checkLive(name);
            case "setAutoCommit" -> {
                if (args != null && args.length == 1 && Boolean.TRUE.equals(args[0])) {
                    checkLive(name);
                }
            }
            case "equals" -> {
                return args != null && proxy == args[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "toString" -> {
                return "Live " + this.target;
            }
            case "unwrap" -> {
                if (args != null && args[0] instanceof Class<?> type && type.isInstance(proxy)) {
                    return proxy;
                }
                // the driver's connection would commit where this pin cannot see it
                checkLive(name);
            }
            case "isWrapperFor" -> {
                if (args != null && args[0] instanceof Class<?> type && type.isInstance(proxy)) {
                    return true;
                }
            }
            default -> {}
        }
        try {
            return method.invoke(this.target, args);
        } catch (InvocationTargetException ex) {
            throw ex.getTargetException();
        }
    }

    private void checkLive(String operation) throws ShadowStoreMismatchException {
        if (ShadowContextHolder.isShadow()) {
            throw new ShadowStoreMismatchException(this.dataSource, operation);
        }
    }
}
