package dev.shadowtx.core.tx;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A statement, result set or database metadata object reached from a shadow connection. The JDBC
 * API hands the connection back through them ({@code Statement#getConnection()},
 * {@code DatabaseMetaData#getConnection()}, {@code ResultSet#getStatement().getConnection()}); the
 * driver's objects would return the raw connection, on which {@code commit()} commits. These
 * wrappers return the guarded connection instead, and wrap the statements and result sets they
 * return in turn. Every other call goes to the driver's object unchanged.
 * <p>
 * {@code unwrap(...)} to a driver class is an explicit request for the driver's own object and is
 * answered by the driver: what it returns is not guarded.
 */
final class GuardedJdbcObject implements InvocationHandler {

    /**
     * The proxy constructor of each guarded type, looked up once: creating a proxy then allocates
     * the proxy alone.
     */
    private static final Map<Class<?>, Constructor<?>> PROXIES = Map.of(
            Statement.class, proxyConstructor(Statement.class),
            PreparedStatement.class, proxyConstructor(PreparedStatement.class),
            CallableStatement.class, proxyConstructor(CallableStatement.class),
            DatabaseMetaData.class, proxyConstructor(DatabaseMetaData.class),
            ResultSet.class, proxyConstructor(ResultSet.class));

    private final Object target;

    private final Connection connection;

    private final ShadowConnection owner;

    private final @Nullable Object statement;

    private GuardedJdbcObject(
            Object target, Connection connection, ShadowConnection owner, @Nullable Object statement) {
        this.target = target;
        this.connection = connection;
        this.owner = owner;
        this.statement = statement;
    }

    /**
     * Guard a value returned by a JDBC call made on a guarded object.
     * @param value the value the driver returned
     * @param declaredType the return type of the method called
     * @param connection the guarded connection the value must lead back to
     * @param owner the guard of that connection, told of every call that reaches the driver
     * @param statement the guarded statement that produced the value (for result sets), or
     * {@code null}
     * @return the value, wrapped when it is a statement, result set or database metadata
     */
    static @Nullable Object guard(
            @Nullable Object value,
            Class<?> declaredType,
            Connection connection,
            ShadowConnection owner,
            @Nullable Object statement) {
        Constructor<?> proxy = (value != null) ? PROXIES.get(declaredType) : null;
        if (value == null
                || proxy == null
                || Proxy.isProxyClass(value.getClass())
                        && Proxy.getInvocationHandler(value) instanceof GuardedJdbcObject) {
            return value;
        }
        return newProxy(proxy, new GuardedJdbcObject(value, connection, owner, statement));
    }

    /**
     * Look up the constructor of the proxy class for one interface, defined by this class' loader.
     * @param type the interface
     * @return its constructor, taking the invocation handler
     */
    static Constructor<?> proxyConstructor(Class<?> type) {
        InvocationHandler none = (proxy, method, args) -> {
            throw new IllegalStateException("Not a usable proxy");
        };
        try {
            return Proxy.newProxyInstance(GuardedJdbcObject.class.getClassLoader(), new Class<?>[] {type}, none)
                    .getClass()
                    .getConstructor(InvocationHandler.class);
        } catch (NoSuchMethodException ex) {
            throw new IllegalStateException("No proxy constructor for " + type.getName(), ex);
        }
    }

    /**
     * Create a proxy with a constructor from {@link #proxyConstructor}.
     * @param constructor the constructor
     * @param handler the handler of the new proxy
     * @return the proxy
     */
    static Object newProxy(Constructor<?> constructor, InvocationHandler handler) {
        try {
            return constructor.newInstance(handler);
        } catch (InvocationTargetException ex) {
            throw new IllegalStateException("Proxy creation failed", ex.getTargetException());
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("Proxy creation failed", ex);
        }
    }

    /**
     * Returned by {@link #ownMethod} for a call the proxy does not answer itself.
     */
    static final Object NOT_OWN = new Object();

    /**
     * Answer the calls a guarded JDBC proxy answers itself, without the driver: identity
     * ({@code equals}, {@code hashCode}), {@code toString}, and {@code unwrap} / {@code isWrapperFor}
     * of a type the proxy implements (so that unwrapping never hands out the driver's object for it).
     * @param proxy the proxy
     * @param target the driver's object behind it
     * @param name the method's name
     * @param args the call's arguments
     * @return the answer, or {@link #NOT_OWN} when the driver must answer
     */
    static Object ownMethod(Object proxy, Object target, String name, @Nullable Object[] args) {
        boolean ownType =
                args != null && args.length == 1 && args[0] instanceof Class<?> type && type.isInstance(proxy);
        return switch (name) {
            case "equals" -> args != null && proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "Shadow-guarded " + target;
            case "unwrap" -> ownType ? proxy : NOT_OWN;
            case "isWrapperFor" -> ownType ? Boolean.TRUE : NOT_OWN;
            default -> NOT_OWN;
        };
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
        boolean noArgs = args == null || args.length == 0;
        switch (method.getName()) {
            case "getConnection":
                if (noArgs) {
                    return this.connection;
                }
                break;
            case "getStatement":
                if (noArgs && this.target instanceof ResultSet resultSet) {
                    return (this.statement != null)
                            ? this.statement
                            : guard(resultSet.getStatement(), Statement.class, this.connection, this.owner, null);
                }
                break;
            case "equals", "hashCode", "toString", "unwrap", "isWrapperFor":
                Object own = ownMethod(proxy, this.target, method.getName(), args);
                if (own != NOT_OWN) {
                    return own;
                }
                break;
            default:
                break;
        }
        this.owner.touched(method);
        Object result;
        try {
            result = method.invoke(this.target, args);
        } catch (InvocationTargetException ex) {
            throw ex.getTargetException();
        }
        Object producer = (this.target instanceof Statement) ? proxy : null;
        return guard(result, method.getReturnType(), this.connection, this.owner, producer);
    }
}
