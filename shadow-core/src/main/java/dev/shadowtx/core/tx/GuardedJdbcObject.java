package dev.shadowtx.core.tx;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.metrics.ShadowRecorder;
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
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A callable statement, result set or database metadata object reached from a shadow connection.
 * The JDBC API hands the connection back through them ({@code Statement#getConnection()},
 * {@code DatabaseMetaData#getConnection()}, {@code ResultSet#getStatement().getConnection()}); the
 * driver's objects would return the raw connection, on which {@code commit()} commits. These
 * wrappers return the guarded connection instead, and wrap the statements and result sets they
 * return in turn. Every other call goes to the driver's object unchanged.
 * <p>
 * These types are JDK proxies; the connection, statements and prepared statements, on the path of
 * every shadow write, are written out ({@link ShadowConnection}, {@link GuardedStatement},
 * {@link GuardedPreparedStatement}). All of them answer identity, {@code toString} and the
 * unwrapping to their own types here ({@link #ownMethod}, {@link #isOwnType}, {@link #describe}).
 * <p>
 * {@code unwrap(...)} to a type the guard does not implement is refused ({@link #refuseUnwrap}).
 */
final class GuardedJdbcObject implements InvocationHandler {

    /**
     * The proxy constructor of each type guarded by a proxy, looked up once: creating a proxy then
     * allocates the proxy alone.
     */
    private static final Map<Class<?>, Constructor<?>> PROXIES = Map.of(
            CallableStatement.class, proxyConstructor(CallableStatement.class),
            DatabaseMetaData.class, proxyConstructor(DatabaseMetaData.class),
            ResultSet.class, proxyConstructor(ResultSet.class));

    private final Object target;

    private final ShadowConnection connection;

    private final @Nullable Statement statement;

    private GuardedJdbcObject(Object target, ShadowConnection connection, @Nullable Statement statement) {
        this.target = target;
        this.connection = connection;
        this.statement = statement;
    }

    /**
     * Guard a value returned by a JDBC call made on a guarded object.
     * @param value the value the driver returned
     * @param declaredType the return type of the method called
     * @param connection the guarded connection the value must lead back to, told of every call
     * that reaches the driver
     * @param statement the guarded statement that produced the value (for result sets), or
     * {@code null}
     * @return the value, guarded when it is a statement, result set or database metadata
     */
    static @Nullable Object guard(
            @Nullable Object value, Class<?> declaredType, ShadowConnection connection, @Nullable Statement statement) {
        if (value == null || isGuarded(value)) {
            return value;
        }
        if (declaredType == PreparedStatement.class) {
            return new GuardedPreparedStatement((PreparedStatement) value, connection);
        }
        if (declaredType == Statement.class) {
            return new GuardedStatement((Statement) value, connection);
        }
        Constructor<?> proxy = PROXIES.get(declaredType);
        return (proxy != null) ? newProxy(proxy, new GuardedJdbcObject(value, connection, statement)) : value;
    }

    /**
     * Guard a callable statement made by a shadow connection.
     * @param statement the driver's statement
     * @param connection the guarded connection
     * @return the guarded statement
     */
    static CallableStatement callable(CallableStatement statement, ShadowConnection connection) {
        return (CallableStatement)
                newProxy(PROXIES.get(CallableStatement.class), new GuardedJdbcObject(statement, connection, null));
    }

    /**
     * Guard the database metadata of a shadow connection.
     * @param metaData the driver's metadata
     * @param connection the guarded connection
     * @return the guarded metadata
     */
    static DatabaseMetaData metaData(DatabaseMetaData metaData, ShadowConnection connection) {
        return (DatabaseMetaData)
                newProxy(PROXIES.get(DatabaseMetaData.class), new GuardedJdbcObject(metaData, connection, null));
    }

    /**
     * Guard a result set returned by a guarded statement.
     * @param resultSet the driver's result set, or {@code null}
     * @param connection the guarded connection
     * @param statement the guarded statement its {@code getStatement()} returns
     * @return the guarded result set, or {@code null}
     */
    static @Nullable ResultSet resultSet(
            @Nullable ResultSet resultSet, ShadowConnection connection, Statement statement) {
        if (resultSet == null || isGuarded(resultSet)) {
            return resultSet;
        }
        return (ResultSet)
                newProxy(PROXIES.get(ResultSet.class), new GuardedJdbcObject(resultSet, connection, statement));
    }

    private static boolean isGuarded(Object value) {
        return value instanceof ShadowConnection
                || value instanceof GuardedStatement
                || Proxy.isProxyClass(value.getClass())
                        && Proxy.getInvocationHandler(value) instanceof GuardedJdbcObject;
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
    static Object newProxy(@Nullable Constructor<?> constructor, InvocationHandler handler) {
        if (constructor == null) {
            throw new IllegalStateException("No proxy constructor");
        }
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
     * The written-out guards answer the same: identity is {@link Object}'s, the rest through
     * {@link #describe} and {@link #isOwnType}.
     * @param proxy the proxy
     * @param target the driver's object behind it
     * @param name the method's name
     * @param args the call's arguments
     * @return the answer, or {@link #NOT_OWN} when the driver must answer
     */
    static Object ownMethod(Object proxy, Object target, String name, @Nullable Object[] args) {
        boolean ownType = args != null && args.length == 1 && isOwnType(proxy, args[0]);
        return switch (name) {
            case "equals" -> args != null && proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> describe(target);
            case "unwrap" -> ownType ? proxy : NOT_OWN;
            case "isWrapperFor" -> ownType ? Boolean.TRUE : NOT_OWN;
            default -> NOT_OWN;
        };
    }

    /**
     * Whether {@code unwrap} or {@code isWrapperFor} asks for a type the guard itself implements:
     * the guard answers, and the driver's object is not handed out.
     * @param guard the guarded object
     * @param type the argument of the call
     * @return {@code true} when the guard is an instance of the type
     */
    static boolean isOwnType(Object guard, @Nullable Object type) {
        return type instanceof Class<?> requested && requested.isInstance(guard);
    }

    /**
     * The JDBC types a guard can be, most specific first, to name the one refused.
     */
    private static final Class<?>[] JDBC_TYPES = {
        Connection.class,
        CallableStatement.class,
        PreparedStatement.class,
        Statement.class,
        ResultSet.class,
        DatabaseMetaData.class,
        DataSource.class
    };

    /**
     * Refuse {@code unwrap} to a type a guard does not implement, in shadow. The driver's (or the
     * pool's) own object would commit, end the transaction or borrow connections where no guard
     * sees it, so it is never handed out; driver-specific code belongs in a {@code @LiveOnly}
     * method, which is itself refused in shadow. The refusal is reported as a blocked {@code jdbc}
     * effect, like a statement that would end the transaction.
     * @param recorder where blocked effects are reported
     * @param guard the guarded object asked
     * @param requested the argument of {@code unwrap}
     * @return the exception to raise
     */
    static ShadowBlockedException refuseUnwrap(ShadowRecorder recorder, Object guard, @Nullable Object requested) {
        String type = "JDBC object";
        for (Class<?> jdbcType : JDBC_TYPES) {
            if (jdbcType.isInstance(guard)) {
                type = jdbcType.getSimpleName();
                break;
            }
        }
        String target = "unwrap of the shadow " + type + " to "
                + ((requested instanceof Class<?> requestedType) ? requestedType.getName() : String.valueOf(requested))
                + " (driver objects are not guarded: call driver-specific code from a @LiveOnly method)";
        recorder.outboundDecision(ShadowConnection.CHANNEL, "block", target);
        return new ShadowBlockedException(ShadowConnection.CHANNEL, target);
    }

    /**
     * Describe a guarded object.
     * @param target the driver's object behind it
     * @return its {@code toString}
     */
    static String describe(Object target) {
        return "Shadow-guarded " + target;
    }

    /**
     * Return the SQL text a call on a statement sends: that of {@code execute*(String, ...)} and
     * {@code addBatch(String)}.
     * @return the text, or {@code null} when the call sends none
     */
    private @Nullable Object sentSql(String name, @Nullable Object[] args) {
        boolean sends = this.target instanceof Statement
                && args != null
                && args.length > 0
                && (name.startsWith("execute") || name.equals("addBatch"));
        return sends ? args[0] : null;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
        boolean noArgs = args == null || args.length == 0;
        String name = method.getName();
        switch (name) {
            case "getConnection":
                if (noArgs) {
                    return this.connection;
                }
                break;
            case "getStatement":
                if (noArgs && this.target instanceof ResultSet resultSet) {
                    return (this.statement != null)
                            ? this.statement
                            : guard(resultSet.getStatement(), Statement.class, this.connection, null);
                }
                break;
            case "equals", "hashCode", "toString", "unwrap", "isWrapperFor":
                Object own = ownMethod(proxy, this.target, name, args);
                if (own != NOT_OWN) {
                    return own;
                }
                break;
            default:
                break;
        }
        if (name.equals("unwrap")) {
            throw this.connection.refuseUnwrap(proxy, (args != null && args.length > 0) ? args[0] : null);
        }
        if (sentSql(name, args) instanceof String sql) {
            this.connection.sqlSent(sql);
        } else {
            this.connection.touched();
        }
        Object result;
        try {
            result = method.invoke(this.target, args);
        } catch (InvocationTargetException ex) {
            throw ex.getTargetException();
        }
        Statement producer = (this.target instanceof Statement) ? (Statement) proxy : null;
        return guard(result, method.getReturnType(), this.connection, producer);
    }
}
